import { EnvReader } from '../../../kit/config';

export interface MembersConfig {
  reinstatementWindowDays: number;
}

/** Settings of the members domain (validated once, at start-up). */
export function readMembersConfig(env: NodeJS.ProcessEnv = process.env): MembersConfig {
  const reader = new EnvReader(env);
  const config = { reinstatementWindowDays: reader.int('MEMBERS_REINSTATEMENT_WINDOW_DAYS', 90, { min: 0, max: 3650 }) };
  reader.done();
  return config;
}
