import type { AdjudicationOptions } from './types';

/**
 * Defaults a scheme can tune. A duplicate is the same claim again on the same or the next service
 * day (a resubmission with the date nudged); the risk thresholds leave room for two weak signals
 * (weights 10-25) before a claim is held, so a single oddity never stops a clean claim.
 */
export const DEFAULT_ADJUDICATION_OPTIONS: Readonly<AdjudicationOptions> = Object.freeze({
  duplicateWindowDays: 1,
  reviewRiskScore: 60,
  criticalRiskScore: 85,
});
