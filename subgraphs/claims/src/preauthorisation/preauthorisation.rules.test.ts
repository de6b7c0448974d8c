import { escalationFor } from './preauthorisation.rules';

describe('the escalation tier of an unanswered pre-authorisation', () => {
  it('goes to a claims officer under KES 100,000, a senior officer under KES 500,000, the medical director above', () => {
    expect(escalationFor(9_999_999)).toEqual({ tier: 'TIER_1', role: 'CLAIMS_OFFICER' });
    expect(escalationFor(10_000_000)).toEqual({ tier: 'TIER_2', role: 'SENIOR_CLAIMS_OFFICER' });
    expect(escalationFor(49_999_999)).toEqual({ tier: 'TIER_2', role: 'SENIOR_CLAIMS_OFFICER' });
    expect(escalationFor(50_000_000)).toEqual({ tier: 'TIER_3', role: 'MEDICAL_DIRECTOR' });
  });
});
