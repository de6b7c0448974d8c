import { EnvReader } from '../../../kit/config';

export interface CrmConfig {
  /** Days from a policy's start within which a cancellation claws its commission back. */
  clawbackWindowDays: number;
  /** How often the nurture job looks for campaign steps that fell due. */
  nurtureJobMs: number;
}

/** Settings of the crm domain (validated once, at start-up). */
export function readCrmConfig(env: NodeJS.ProcessEnv = process.env): CrmConfig {
  const reader = new EnvReader(env);
  const config = {
    clawbackWindowDays: reader.int('CRM_CLAWBACK_WINDOW_DAYS', 180, { min: 0, max: 3650 }),
    nurtureJobMs: reader.int('CRM_NURTURE_JOB_MS', 60_000, { min: 1_000, max: 86_400_000 }),
  };
  reader.done();
  return config;
}
