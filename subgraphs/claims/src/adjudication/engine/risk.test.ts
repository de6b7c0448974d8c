import { addDays } from '../../../../../kit/dates';
import { adjudicate } from './adjudicate';
import { aHistoryClaim, anInput, kes } from './fixtures';
import type { InputOverrides } from './fixtures';
import { DEFAULT_ADJUDICATION_OPTIONS } from './options';
import { assessRisk, RISK_RULES, riskLevel, riskWeight } from './risk';
import type { RiskRule } from './risk';
import { ReasonCode } from './types';

/** The rules that fire on a claim, with their weights. */
const fired = (overrides: InputOverrides) => assessRisk(anInput(overrides)).signals.map((s) => [s.rule, s.weight]);
const only = (rule: string) => [[rule, riskWeight(rule)]];

/** Earlier claims of the member elsewhere, one every three days before the service date. */
const visitsElsewhere = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    aHistoryClaim({ providerId: 'provider-9', serviceCodes: ['LAB-FBC'], billedMinor: kes(900 + i), serviceDate: `2025-06-${String(9 - i).padStart(2, '0')}` }),
  );

describe('risk (step 12)', () => {
  it('finds nothing on a clean claim', () => {
    expect(assessRisk(anInput())).toEqual({ score: 0, level: 'LOW', signals: [] });
  });

  it('keeps every single rule below the default review score, so one weak signal never holds a claim', () => {
    for (const rule of RISK_RULES) expect(rule.weight).toBeLessThan(DEFAULT_ADJUDICATION_OPTIONS.reviewRiskScore);
  });

  it('MEMBER_CLAIM_FREQUENCY: 8 or more claims by the member in the 30 days before', () => {
    expect(fired({ memberHistory: visitsElsewhere(8) })).toEqual(only('MEMBER_CLAIM_FREQUENCY'));
    expect(riskWeight('MEMBER_CLAIM_FREQUENCY')).toBe(25);
    expect(fired({ memberHistory: visitsElsewhere(7) })).toEqual([]);
    const old = visitsElsewhere(8).map((item) => ({ ...item, serviceDate: item.serviceDate.replace('2025-06', '2025-04') }));
    expect(fired({ memberHistory: old })).toEqual([]);
  });

  it("PROVIDER_PRICE_OUTLIER: a unit price over 3 times the provider's average", () => {
    expect(fired({ providerAverages: { 'CON-GP': kes(800) } })).toEqual(only('PROVIDER_PRICE_OUTLIER'));
    expect(riskWeight('PROVIDER_PRICE_OUTLIER')).toBe(25);
    expect(fired({ providerAverages: { 'CON-GP': kes(2500) / 3 } })).toEqual([]);
    expect(fired({ providerAverages: { 'LAB-FBC': kes(1) } })).toEqual([]);
  });

  it("MEMBER_AMOUNT_OUTLIER: over 4 times the member's usual claim for the benefit, above KES 10,000", () => {
    const usual = [1, 2, 3].map((i) => aHistoryClaim({ serviceDate: `2025-0${i}-15`, billedMinor: kes(2500) }));
    expect(fired({ memberHistory: usual, lines: [{ serviceCode: 'CON-SPEC', unitPriceMinor: kes(12_000) }] })).toEqual(only('MEMBER_AMOUNT_OUTLIER'));
    expect(riskWeight('MEMBER_AMOUNT_OUTLIER')).toBe(20);
    expect(fired({ memberHistory: usual, lines: [{ unitPriceMinor: kes(10_000) }] })).toEqual([]);
    expect(fired({ memberHistory: usual.slice(0, 2), lines: [{ unitPriceMinor: kes(12_000) }] })).toEqual([]);
  });

  it('PROVIDER_VOLUME_SPIKE: 20 or more claims at the provider on the day, 3 times its usual day', () => {
    const sameDay = (count: number) =>
      Array.from({ length: count }, (_, i) => aHistoryClaim({ memberId: `other-${i}`, serviceDate: '2025-06-10', billedMinor: kes(1000 + i) }));
    expect(fired({ providerHistory: sameDay(19) })).toEqual(only('PROVIDER_VOLUME_SPIKE'));
    expect(riskWeight('PROVIDER_VOLUME_SPIKE')).toBe(15);
    expect(fired({ providerHistory: sameDay(18) })).toEqual([]);
    // 201 claims over the 30 days before is 6.7 a day; 20 is less than 3 times that.
    const busyMonth = Array.from({ length: 201 }, (_, i) => aHistoryClaim({ memberId: `m-${i}`, serviceDate: addDays('2025-06-10', -1 - (i % 30)) }));
    expect(fired({ providerHistory: [...sameDay(19), ...busyMonth] })).toEqual([]);
    expect(fired({ providerHistory: [...sameDay(19), ...busyMonth.slice(1)] })).toEqual(only('PROVIDER_VOLUME_SPIKE'));
  });

  it('PROVIDER_VOLUME_SPIKE reads per-day counts the same way as the claims they count', () => {
    const month = (total: number) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [addDays('2025-06-10', -1 - i), Math.floor(total / 30) + (i < total % 30 ? 1 : 0)]));
    expect(fired({ providerClaimsByDay: { '2025-06-10': 19 } })).toEqual(only('PROVIDER_VOLUME_SPIKE'));
    expect(fired({ providerClaimsByDay: { '2025-06-10': 18 } })).toEqual([]);
    expect(fired({ providerClaimsByDay: { '2025-06-10': 19, ...month(201) } })).toEqual([]);
    expect(fired({ providerClaimsByDay: { '2025-06-10': 19, ...month(200) } })).toEqual(only('PROVIDER_VOLUME_SPIKE'));
  });

  it('NEAR_DUPLICATE: same member and provider within 2 days, overlapping services, a different amount', () => {
    expect(fired({ memberHistory: [aHistoryClaim({ serviceDate: '2025-06-08', billedMinor: kes(3000) })] })).toEqual(only('NEAR_DUPLICATE'));
    expect(riskWeight('NEAR_DUPLICATE')).toBe(30);
    expect(fired({ memberHistory: [aHistoryClaim({ serviceDate: '2025-06-07', billedMinor: kes(3000) })] })).toEqual([]);
    expect(fired({ memberHistory: [aHistoryClaim({ serviceDate: '2025-06-08', billedMinor: kes(3000), serviceCodes: ['LAB-FBC'] })] })).toEqual([]);
    expect(fired({ memberHistory: [aHistoryClaim({ serviceDate: '2025-06-08', billedMinor: kes(3000), status: 'REJECTED' })] })).toEqual([]);
  });

  it('DENTAL_WITHOUT_ORAL_DIAGNOSIS: a dental service with no K00-K14 diagnosis', () => {
    const dental = (diagnosisCodes: string[]) => ({ claim: { benefitCategory: 'DENTAL' as const, diagnosisCodes }, lines: [{ serviceCode: 'DEN-EXTRACTION', serviceCategory: 'DENTAL' }] });
    expect(fired(dental(['J06.9']))).toEqual(only('DENTAL_WITHOUT_ORAL_DIAGNOSIS'));
    expect(riskWeight('DENTAL_WITHOUT_ORAL_DIAGNOSIS')).toBe(20);
    expect(fired(dental(['K02.1']))).toEqual([]);
    expect(fired(dental(['K12.0']))).toEqual([]);
  });

  it('OPTICAL_WITHOUT_EYE_DIAGNOSIS: an optical service with no H00-H59 diagnosis or eye examination', () => {
    const optical = (diagnosisCodes: string[]) => ({ claim: { benefitCategory: 'OPTICAL' as const, diagnosisCodes }, lines: [{ serviceCode: 'OPT-FRAMES', serviceCategory: 'OPTICAL' }] });
    expect(fired(optical(['J06.9']))).toEqual(only('OPTICAL_WITHOUT_EYE_DIAGNOSIS'));
    expect(riskWeight('OPTICAL_WITHOUT_EYE_DIAGNOSIS')).toBe(15);
    expect(fired(optical(['H52.1']))).toEqual([]);
    expect(fired(optical(['Z01.0']))).toEqual([]);
  });

  it('MATERNITY_WITHOUT_PREGNANCY_DIAGNOSIS and MATERNITY_SERVICE_FOR_MALE', () => {
    const maternity = (diagnosisCodes: string[], gender: 'FEMALE' | 'MALE') => ({
      claim: { benefitCategory: 'MATERNITY' as const, diagnosisCodes },
      lines: [{ serviceCode: 'MAT-ANC', serviceCategory: 'MATERNITY' }],
      member: { gender },
    });
    expect(fired(maternity(['J06.9'], 'FEMALE'))).toEqual(only('MATERNITY_WITHOUT_PREGNANCY_DIAGNOSIS'));
    expect(riskWeight('MATERNITY_WITHOUT_PREGNANCY_DIAGNOSIS')).toBe(15);
    expect(fired(maternity(['Z34.0'], 'MALE'))).toEqual(only('MATERNITY_SERVICE_FOR_MALE'));
    expect(riskWeight('MATERNITY_SERVICE_FOR_MALE')).toBe(40);
    expect(fired(maternity(['O80'], 'FEMALE'))).toEqual([]);
  });

  it('MENTAL_HEALTH_WITHOUT_PSYCHIATRIC_DIAGNOSIS: a mental health service with no F diagnosis', () => {
    const mental = (diagnosisCodes: string[]) => ({ claim: { diagnosisCodes }, lines: [{ serviceCode: 'CON-PSYCHIATRY', serviceCategory: 'MENTAL_HEALTH' }] });
    expect(fired(mental(['J06.9']))).toEqual(only('MENTAL_HEALTH_WITHOUT_PSYCHIATRIC_DIAGNOSIS'));
    expect(riskWeight('MENTAL_HEALTH_WITHOUT_PSYCHIATRIC_DIAGNOSIS')).toBe(15);
    expect(fired(mental(['F32.9']))).toEqual([]);
  });

  it('ODD_HOURS: scheduled care between midnight and 05:00', () => {
    expect(fired({ claim: { serviceTime: '03:15' } })).toEqual(only('ODD_HOURS'));
    expect(fired({ claim: { serviceTime: '00:00' } })).toEqual(only('ODD_HOURS'));
    expect(fired({ claim: { serviceTime: '04:59:59' } })).toEqual(only('ODD_HOURS'));
    expect(riskWeight('ODD_HOURS')).toBe(15);
    expect(fired({ claim: { serviceTime: '05:00' } })).toEqual([]);
    expect(fired({ claim: { serviceTime: null } })).toEqual([]);
    expect(fired({ claim: { serviceTime: '03:15', benefitCategory: 'EMERGENCY' } })).toEqual([]);
  });

  it('ROUND_AMOUNT: a round total of KES 50,000 or more', () => {
    expect(fired({ lines: [{ serviceCode: 'IMG-MRI-LSPINE', unitPriceMinor: kes(50_000) }] })).toEqual(only('ROUND_AMOUNT'));
    expect(riskWeight('ROUND_AMOUNT')).toBe(10);
    expect(fired({ lines: [{ unitPriceMinor: kes(50_000) + 50 }] })).toEqual([]);
    expect(fired({ lines: [{ unitPriceMinor: kes(40_000) }] })).toEqual([]);
  });

  it('EARLY_HIGH_VALUE_CLAIM: KES 100,000 or more within 30 days of enrolment', () => {
    const early = (enrolmentDate: string) => ({ member: { enrolmentDate }, lines: [{ unitPriceMinor: kes(123_456.78) }] });
    expect(fired(early('2025-05-11'))).toEqual(only('EARLY_HIGH_VALUE_CLAIM'));
    expect(riskWeight('EARLY_HIGH_VALUE_CLAIM')).toBe(15);
    expect(fired(early('2025-05-10'))).toEqual([]);
  });

  it('sums the fired weights, capped at 100, with explanations', () => {
    const everything = anInput({
      claim: { serviceTime: '02:00', diagnosisCodes: ['J06.9'] },
      member: { gender: 'MALE' },
      lines: [{ serviceCode: 'MAT-ANC', serviceCategory: 'MATERNITY', unitPriceMinor: kes(50_000) }],
      providerAverages: { 'MAT-ANC': kes(1000) },
      memberHistory: [...visitsElsewhere(8), aHistoryClaim({ serviceDate: '2025-06-09', serviceCodes: ['MAT-ANC'] })],
    });
    const risk = assessRisk(everything);
    expect(risk.signals.reduce((sum, s) => sum + s.weight, 0)).toBeGreaterThan(100);
    expect(risk.score).toBe(100);
    expect(risk.level).toBe('CRITICAL');
    for (const signal of risk.signals) expect(signal.detail.length).toBeGreaterThan(10);
  });

  it('grades the score against the options', () => {
    const options = { reviewRiskScore: 60, criticalRiskScore: 85 };
    expect([0, 29, 30, 59, 60, 84, 85, 100].map((score) => riskLevel(score, options))).toEqual(['LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH', 'CRITICAL', 'CRITICAL']);
  });

  it('accepts a custom rule set (the score is only what the rules say)', () => {
    const always: RiskRule = { rule: 'ALWAYS', weight: 7, kind: 'FRAUD', check: () => 'always' };
    expect(assessRisk(anInput(), [always])).toMatchObject({ score: 7, level: 'LOW' });
  });

  describe('acting on the score', () => {
    // NEAR_DUPLICATE 30 + MEMBER_CLAIM_FREQUENCY 25 + ODD_HOURS 15 = 70: high.
    const high: InputOverrides = {
      claim: { serviceTime: '01:30' },
      memberHistory: [...visitsElsewhere(8), aHistoryClaim({ serviceDate: '2025-06-09', billedMinor: kes(3000) })],
    };
    // ... + PROVIDER_PRICE_OUTLIER 25 = 95: critical.
    const critical: InputOverrides = { ...high, providerAverages: { 'CON-GP': kes(500) } };

    it('lets a medium score through', () => {
      const result = adjudicate(anInput({ memberHistory: [aHistoryClaim({ serviceDate: '2025-06-09', billedMinor: kes(3000) })] }));
      expect(result.risk).toMatchObject({ score: 30, level: 'MEDIUM' });
      expect(result.decision).toBe('APPROVED');
    });

    it('pends a high score for review, with the amounts it would pay', () => {
      const result = adjudicate(anInput(high));
      expect(result.risk).toMatchObject({ score: 70, level: 'HIGH' });
      expect(result).toMatchObject({ decision: 'PENDED', pendReason: 'REVIEW' });
      expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.FRAUD_REVIEW]);
      expect(result.reasons[0].message).toContain('NEAR_DUPLICATE 30');
      expect(result.lines[0]).toMatchObject({ outcome: 'PENDED', payableMinor: kes(2500) });
      expect(result.utilisation).toEqual([]);
    });

    it('denies a critical score only where the scheme allows it, and pends it otherwise', () => {
      const denied = adjudicate(anInput({ ...critical, coverage: { autoDenyCriticalRisk: true }, benefit: { coinsuranceBps: 1000 } }));
      expect(denied.risk.level).toBe('CRITICAL');
      expect(denied.decision).toBe('DENIED');
      expect(denied.reasons.map((r) => r.code)).toEqual([ReasonCode.FRAUD_DENIED]);
      expect(denied.lines[0]).toMatchObject({ outcome: 'DENIED', payableMinor: 0, eligibleMinor: 0, coinsuranceMinor: 0, disallowedMinor: kes(2500) });
      expect(denied.lines[0].reasons.map((r) => r.code)).toEqual([ReasonCode.FRAUD_DENIED]);
      expect(denied.steps?.find((s) => s.step === 'RISK')).toMatchObject({ outcome: 'FAILED', codes: [ReasonCode.FRAUD_DENIED] });

      const pended = adjudicate(anInput({ ...critical, coverage: { autoDenyCriticalRisk: false } }));
      expect(pended).toMatchObject({ decision: 'PENDED', pendReason: 'REVIEW' });
    });

    it('asks for a medical review when diagnosis and service do not fit', () => {
      const result = adjudicate(
        anInput({
          claim: { benefitCategory: 'MATERNITY', diagnosisCodes: ['J06.9'] },
          benefit: { category: 'MATERNITY', name: 'Maternity' },
          member: { gender: 'MALE' },
          lines: [{ serviceCode: 'MAT-ANC', serviceCategory: 'MATERNITY' }],
          memberHistory: visitsElsewhere(8),
        }),
      );
      expect(result.risk.score).toBe(80);
      expect(result.decision).toBe('PENDED');
      expect(result.reasons.map((r) => r.code)).toEqual([ReasonCode.FRAUD_REVIEW, ReasonCode.MEDICAL_NECESSITY_REVIEW]);
    });

    it('gives the same answer every time', () => {
      expect(adjudicate(anInput(critical))).toEqual(adjudicate(anInput(critical)));
    });
  });
});
