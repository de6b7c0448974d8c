import { ConfigError, EnvReader } from '../../../kit/config';

export interface SchemesConfig {
  /** Policy numbers read `<prefix>-<year>-<serial>`, e.g. POL-2026-00042. */
  policyNumberPrefix: string;
}

/** Settings of the schemes domain (validated once, at start-up). */
export function readSchemesConfig(env: NodeJS.ProcessEnv = process.env): SchemesConfig {
  const reader = new EnvReader(env);
  const policyNumberPrefix = reader.string('SCHEMES_POLICY_NUMBER_PREFIX', 'POL');
  reader.done();
  if (!/^[A-Z]{2,6}$/.test(policyNumberPrefix)) {
    throw new ConfigError([`SCHEMES_POLICY_NUMBER_PREFIX must be 2 to 6 capital letters (got "${policyNumberPrefix}")`]);
  }
  return { policyNumberPrefix };
}
