import { ConfigError } from '../../../kit/config';
import { DEFAULT_ADJUDICATION_OPTIONS } from './adjudication/engine/options';
import { readClaimsConfig } from './config';

describe('claims configuration', () => {
  it('has defaults for every setting, the risk scores from the engine', () => {
    expect(readClaimsConfig({})).toEqual({
      submissionWindowDays: 30,
      preauthEscalateAfterMinutes: 240,
      duplicateWindowDays: 7,
      reviewRiskScore: DEFAULT_ADJUDICATION_OPTIONS.reviewRiskScore,
      criticalRiskScore: DEFAULT_ADJUDICATION_OPTIONS.criticalRiskScore,
    });
  });

  it('reads each setting from its variable', () => {
    expect(
      readClaimsConfig({
        CLAIMS_SUBMISSION_WINDOW_DAYS: '90',
        CLAIMS_PREAUTH_ESCALATE_AFTER_MINUTES: '60',
        CLAIMS_DUPLICATE_WINDOW_DAYS: '3',
        CLAIMS_REVIEW_RISK_SCORE: '50',
        CLAIMS_CRITICAL_RISK_SCORE: '90',
      }),
    ).toEqual({ submissionWindowDays: 90, preauthEscalateAfterMinutes: 60, duplicateWindowDays: 3, reviewRiskScore: 50, criticalRiskScore: 90 });
  });

  it('refuses a malformed window, naming the variable', () => {
    expect(() => readClaimsConfig({ CLAIMS_SUBMISSION_WINDOW_DAYS: 'thirty' })).toThrow(ConfigError);
    expect(() => readClaimsConfig({ CLAIMS_SUBMISSION_WINDOW_DAYS: '0' })).toThrow(/CLAIMS_SUBMISSION_WINDOW_DAYS must be between 1 and 365/);
    expect(() => readClaimsConfig({ CLAIMS_PREAUTH_ESCALATE_AFTER_MINUTES: 'soon' })).toThrow(/CLAIMS_PREAUTH_ESCALATE_AFTER_MINUTES must be an integer/);
  });

  it('refuses a critical risk score below the review score', () => {
    expect(() => readClaimsConfig({ CLAIMS_REVIEW_RISK_SCORE: '80', CLAIMS_CRITICAL_RISK_SCORE: '70' })).toThrow(
      /CLAIMS_CRITICAL_RISK_SCORE \(70\) must be at least CLAIMS_REVIEW_RISK_SCORE \(80\)/,
    );
  });
});
