import { EnvReader } from '../../../kit/config';
import { DEFAULT_ADJUDICATION_OPTIONS } from './adjudication/engine/options';

export interface ClaimsConfig {
  /** Claims must be submitted within this many days of service (of discharge for a stay). */
  submissionWindowDays: number;
  /** Pre-authorisation requests unanswered this long are escalated to a tier by amount. */
  preauthEscalateAfterMinutes: number;
  /** Same member, provider, benefit, amount and service date within this many days is a duplicate. */
  duplicateWindowDays: number;
  /** Risk score (0-100) from which a claim is pended for review. */
  reviewRiskScore: number;
  /** Risk score from which a claim is critical (auto-denied where the scheme says so). */
  criticalRiskScore: number;
}

/** Settings of the claims domain (validated once, at start-up). */
export function readClaimsConfig(env: NodeJS.ProcessEnv = process.env): ClaimsConfig {
  const reader = new EnvReader(env);
  const config = {
    submissionWindowDays: reader.int('CLAIMS_SUBMISSION_WINDOW_DAYS', 30, { min: 1, max: 365 }),
    preauthEscalateAfterMinutes: reader.int('CLAIMS_PREAUTH_ESCALATE_AFTER_MINUTES', 240, { min: 1, max: 43_200 }),
    duplicateWindowDays: reader.int('CLAIMS_DUPLICATE_WINDOW_DAYS', 7, { min: 0, max: 365 }),
    reviewRiskScore: reader.int('CLAIMS_REVIEW_RISK_SCORE', DEFAULT_ADJUDICATION_OPTIONS.reviewRiskScore, { min: 1, max: 100 }),
    criticalRiskScore: reader.int('CLAIMS_CRITICAL_RISK_SCORE', DEFAULT_ADJUDICATION_OPTIONS.criticalRiskScore, { min: 1, max: 100 }),
  };
  if (config.criticalRiskScore < config.reviewRiskScore) {
    reader.problem(`CLAIMS_CRITICAL_RISK_SCORE (${config.criticalRiskScore}) must be at least CLAIMS_REVIEW_RISK_SCORE (${config.reviewRiskScore})`);
  }
  reader.done();
  return config;
}
