import { ConfigError } from '../../../kit/config';
import { readClaimsConfig } from './config';

describe('claims configuration', () => {
  it('defaults the submission window to 30 days', () => {
    expect(readClaimsConfig({})).toEqual({ submissionWindowDays: 30 });
    expect(readClaimsConfig({ CLAIMS_SUBMISSION_WINDOW_DAYS: '90' })).toEqual({ submissionWindowDays: 90 });
  });

  it('refuses a malformed window, naming the variable', () => {
    expect(() => readClaimsConfig({ CLAIMS_SUBMISSION_WINDOW_DAYS: 'thirty' })).toThrow(ConfigError);
    expect(() => readClaimsConfig({ CLAIMS_SUBMISSION_WINDOW_DAYS: '0' })).toThrow(/CLAIMS_SUBMISSION_WINDOW_DAYS must be between 1 and 365/);
  });
});
