import { EnvReader } from '../../../kit/config';

export interface ClaimsConfig {
  /** Claims must be submitted within this many days of service (of discharge for a stay). */
  submissionWindowDays: number;
}

/** Settings of the claims domain (validated once, at start-up). */
export function readClaimsConfig(env: NodeJS.ProcessEnv = process.env): ClaimsConfig {
  const reader = new EnvReader(env);
  const config = { submissionWindowDays: reader.int('CLAIMS_SUBMISSION_WINDOW_DAYS', 30, { min: 1, max: 365 }) };
  reader.done();
  return config;
}
