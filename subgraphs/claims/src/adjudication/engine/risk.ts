import { daysBetween } from '../../../../../kit/dates';
import { currencyExponent } from '../../../../../kit/money';
import { claimBilledMinor, claimStands } from './duplicate';
import { specialtyOf } from './service-categories';
import type { AdjudicationInput, AdjudicationOptions, BenefitCategory, ClaimHistoryItem, RiskAssessment, RiskSignal } from './types';
import { amount } from './wording';

/**
 * Step 12: a deterministic, explainable risk score. Each rule looks at the claim and the history
 * the service loaded and either fires, adding its weight and a sentence saying why, or does not.
 * The score is the sum of fired weights, capped at 100. The claim's own dates are the clock.
 * Weights are set so that no single rule reaches the default review score (60): one oddity on an
 * otherwise clean claim never holds it; two strong ones, or three weak ones, do.
 */
export interface RiskRule {
  rule: string;
  weight: number;
  kind: 'FRAUD' | 'MEDICAL_NECESSITY';
  /** The detail when the rule fires; null when it does not. */
  check: (input: AdjudicationInput) => string | null;
}

/** The numbers the rules use, named so that tests and officers can read them. */
export const RISK_THRESHOLDS = Object.freeze({
  /** Claims by the member in the 30 days up to the service date (this one not counted). */
  memberClaimsIn30Days: 8,
  /** A unit price more than this many times the provider's own average for the service. */
  providerPriceMultiple: 3,
  /** A claim more than this many times the member's median claim for the benefit... */
  memberAmountMultiple: 4,
  /** ...with at least this many earlier claims to compare with... */
  memberAmountHistory: 3,
  /** ...and at least this much (in major units of the currency). */
  memberAmountFloorMajor: 10_000,
  /** Claims at the provider on the service day, this one included... */
  providerClaimsOnDay: 20,
  /** ...and at least this many times its average day over the 30 days before. */
  providerDayMultiple: 3,
  /** Same member and provider, overlapping services, within this many days. */
  nearDuplicateDays: 2,
  /** A round total (multiple of 10,000 major units) of at least this many major units. */
  roundAmountFloorMajor: 50_000,
  roundAmountStepMajor: 10_000,
  /** A claim of at least this many major units within this many days of the member's enrolment. */
  earlyClaimDays: 30,
  earlyClaimFloorMajor: 100_000,
  /** Scheduled care before this hour of the day is odd. */
  oddHoursBefore: 5,
});

const T = RISK_THRESHOLDS;

function major(units: number, currency: string): number {
  return units * 10 ** currencyExponent(currency);
}

function normaliseIcd(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

/** Whether an ICD-10 code falls in a range of three-character categories, e.g. K00-K14. */
function icdIn(code: string, from: string, to: string): boolean {
  const category = normaliseIcd(code).slice(0, 3);
  return category >= from && category <= to;
}

function claimDiagnoses(input: AdjudicationInput): string[] {
  const { claim } = input;
  return [...claim.diagnosisCodes, ...claim.lines.flatMap((line) => line.diagnosisCodes)];
}

function linesOfSpecialty(input: AdjudicationInput, specialty: BenefitCategory): string[] {
  return input.claim.lines.filter((line) => specialtyOf(line.serviceCategory) === specialty).map((line) => line.serviceCode);
}

/** A rule: specialty services with no diagnosis that explains them. */
function diagnosisFit(specialty: BenefitCategory, fits: (code: string) => boolean, expected: string) {
  return (input: AdjudicationInput): string | null => {
    const services = linesOfSpecialty(input, specialty);
    if (services.length === 0 || claimDiagnoses(input).some(fits)) return null;
    return `${services.join(', ')} billed without ${expected} (diagnoses: ${claimDiagnoses(input).join(', ') || 'none'}).`;
  };
}

/** Earlier claims of the member and the provider, each once, this claim left out. */
function history(input: AdjudicationInput): ClaimHistoryItem[] {
  const seen = new Set<string>([input.claim.id]);
  const all: ClaimHistoryItem[] = [];
  for (const item of [...input.memberHistory, ...input.providerHistory]) {
    if (seen.has(item.claimId)) continue;
    seen.add(item.claimId);
    all.push(item);
  }
  return all;
}

export const RISK_RULES: readonly RiskRule[] = [
  {
    rule: 'MEMBER_CLAIM_FREQUENCY',
    weight: 25,
    kind: 'FRAUD',
    check: ({ claim, memberHistory }) => {
      const recent = memberHistory.filter((item) => {
        const days = daysBetween(item.serviceDate, claim.serviceDate);
        return item.claimId !== claim.id && item.memberId === claim.memberId && !['CANCELLED', 'REVERSED'].includes(item.status.toUpperCase()) && days >= 0 && days <= 30;
      });
      if (recent.length < T.memberClaimsIn30Days) return null;
      return `The member has ${recent.length} other claims in the 30 days up to ${claim.serviceDate} (${T.memberClaimsIn30Days} or more is unusual).`;
    },
  },
  {
    rule: 'PROVIDER_PRICE_OUTLIER',
    weight: 25,
    kind: 'FRAUD',
    check: ({ claim, providerAverages }) => {
      if (!providerAverages) return null;
      const outliers = claim.lines.filter((line) => {
        const average = providerAverages[line.serviceCode];
        return average !== undefined && average > 0 && line.unitPriceMinor > T.providerPriceMultiple * average;
      });
      if (outliers.length === 0) return null;
      return outliers
        .map(
          (line) =>
            `${line.serviceCode} at ${amount(line.unitPriceMinor, claim.currency)} a unit is more than ${T.providerPriceMultiple} times the provider's average of ${amount(providerAverages[line.serviceCode], claim.currency)}.`,
        )
        .join(' ');
    },
  },
  {
    rule: 'MEMBER_AMOUNT_OUTLIER',
    weight: 20,
    kind: 'FRAUD',
    check: ({ claim, memberHistory }) => {
      const billed = claimBilledMinor(claim);
      if (billed < major(T.memberAmountFloorMajor, claim.currency)) return null;
      const usual = memberHistory
        .filter((item) => item.claimId !== claim.id && item.memberId === claim.memberId && item.benefitCategory === claim.benefitCategory && claimStands(item.status))
        .map((item) => item.billedMinor)
        .sort((a, b) => a - b);
      if (usual.length < T.memberAmountHistory) return null;
      const median = usual[Math.floor((usual.length - 1) / 2)];
      if (billed <= T.memberAmountMultiple * median) return null;
      return `${amount(billed, claim.currency)} is more than ${T.memberAmountMultiple} times the member's usual ${claim.benefitCategory.toLowerCase()} claim of ${amount(median, claim.currency)}.`;
    },
  },
  {
    rule: 'PROVIDER_VOLUME_SPIKE',
    weight: 15,
    kind: 'FRAUD',
    check: ({ claim, providerHistory, providerClaimsByDay }) => {
      const perDay =
        providerClaimsByDay ??
        providerHistory
          .filter((item) => item.claimId !== claim.id && item.providerId === claim.providerId)
          .reduce<Record<string, number>>((days, item) => ({ ...days, [item.serviceDate]: (days[item.serviceDate] ?? 0) + 1 }), {});
      const onDay = (perDay[claim.serviceDate] ?? 0) + 1;
      let before = 0;
      for (const [day, count] of Object.entries(perDay)) {
        const days = daysBetween(day, claim.serviceDate);
        if (days >= 1 && days <= 30) before += count;
      }
      // onDay >= multiple × (before / 30), in whole numbers.
      if (onDay < T.providerClaimsOnDay || onDay * 30 < T.providerDayMultiple * before) return null;
      return `The provider has ${onDay} claims on ${claim.serviceDate}, against ${before} in the 30 days before.`;
    },
  },
  {
    rule: 'NEAR_DUPLICATE',
    weight: 30,
    kind: 'FRAUD',
    check: (input) => {
      const { claim } = input;
      const billed = claimBilledMinor(claim);
      const codes = new Set(claim.lines.map((line) => line.serviceCode));
      const near = history(input).find(
        (item) =>
          item.memberId === claim.memberId &&
          item.providerId === claim.providerId &&
          claimStands(item.status) &&
          Math.abs(daysBetween(item.serviceDate, claim.serviceDate)) <= T.nearDuplicateDays &&
          item.billedMinor !== billed &&
          item.serviceCodes.some((code) => codes.has(code)),
      );
      if (!near) return null;
      const shared = near.serviceCodes.filter((code) => codes.has(code));
      return `Claim ${near.claimNumber} (${near.serviceDate}, ${amount(near.billedMinor, claim.currency)}) from the same provider for the same member also bills ${shared.join(', ')}.`;
    },
  },
  {
    rule: 'DENTAL_WITHOUT_ORAL_DIAGNOSIS',
    weight: 20,
    kind: 'MEDICAL_NECESSITY',
    check: diagnosisFit('DENTAL', (code) => icdIn(code, 'K00', 'K14') || normaliseIcd(code).startsWith('Z012'), 'a diagnosis of the mouth or teeth (K00-K14)'),
  },
  {
    rule: 'OPTICAL_WITHOUT_EYE_DIAGNOSIS',
    weight: 15,
    kind: 'MEDICAL_NECESSITY',
    check: diagnosisFit('OPTICAL', (code) => icdIn(code, 'H00', 'H59') || normaliseIcd(code).startsWith('Z010'), 'a diagnosis of the eye (H00-H59) or an eye examination (Z01.0)'),
  },
  {
    rule: 'MATERNITY_WITHOUT_PREGNANCY_DIAGNOSIS',
    weight: 15,
    kind: 'MEDICAL_NECESSITY',
    check: diagnosisFit('MATERNITY', (code) => icdIn(code, 'O00', 'O99') || icdIn(code, 'Z30', 'Z39'), 'a pregnancy diagnosis (O00-O99, Z30-Z39)'),
  },
  {
    rule: 'MENTAL_HEALTH_WITHOUT_PSYCHIATRIC_DIAGNOSIS',
    weight: 15,
    kind: 'MEDICAL_NECESSITY',
    check: diagnosisFit('MENTAL_HEALTH', (code) => icdIn(code, 'F00', 'F99'), 'a mental or behavioural diagnosis (F00-F99)'),
  },
  {
    rule: 'MATERNITY_SERVICE_FOR_MALE',
    weight: 40,
    kind: 'MEDICAL_NECESSITY',
    check: (input) => {
      const services = linesOfSpecialty(input, 'MATERNITY');
      if (services.length === 0 || input.member?.gender !== 'MALE') return null;
      return `${services.join(', ')} billed for a male member.`;
    },
  },
  {
    rule: 'ODD_HOURS',
    weight: 15,
    kind: 'FRAUD',
    check: ({ claim }) => {
      const scheduled = claim.benefitCategory === 'OUTPATIENT' || claim.benefitCategory === 'DENTAL' || claim.benefitCategory === 'OPTICAL';
      const match = /^(\d{1,2}):(\d{2})/.exec(claim.serviceTime ?? '');
      if (!scheduled || !match || Number(match[1]) >= T.oddHoursBefore) return null;
      return `Scheduled ${claim.benefitCategory.toLowerCase()} care at ${claim.serviceTime}, between midnight and ${String(T.oddHoursBefore).padStart(2, '0')}:00.`;
    },
  },
  {
    rule: 'ROUND_AMOUNT',
    weight: 10,
    kind: 'FRAUD',
    check: ({ claim }) => {
      const billed = claimBilledMinor(claim);
      if (billed < major(T.roundAmountFloorMajor, claim.currency) || billed % major(T.roundAmountStepMajor, claim.currency) !== 0) return null;
      return `The claim totals a round ${amount(billed, claim.currency)}.`;
    },
  },
  {
    rule: 'EARLY_HIGH_VALUE_CLAIM',
    weight: 15,
    kind: 'FRAUD',
    check: ({ claim, member }) => {
      if (!member) return null;
      const billed = claimBilledMinor(claim);
      const days = daysBetween(member.enrolmentDate, claim.serviceDate);
      if (days < 0 || days > T.earlyClaimDays || billed < major(T.earlyClaimFloorMajor, claim.currency)) return null;
      return `${amount(billed, claim.currency)} for a service ${days} days after the member enrolled (${member.enrolmentDate}).`;
    },
  },
];

/** LOW below half the review score, MEDIUM from there, HIGH from the review score, CRITICAL from the critical score. */
export function riskLevel(score: number, options: Pick<AdjudicationOptions, 'reviewRiskScore' | 'criticalRiskScore'>): RiskAssessment['level'] {
  if (score >= options.criticalRiskScore) return 'CRITICAL';
  if (score >= options.reviewRiskScore) return 'HIGH';
  if (score * 2 >= options.reviewRiskScore) return 'MEDIUM';
  return 'LOW';
}

/** Runs every rule over the claim: the fired ones, their summed weight (at most 100) and the level. */
export function assessRisk(input: AdjudicationInput, rules: readonly RiskRule[] = RISK_RULES): RiskAssessment {
  const signals: RiskSignal[] = [];
  for (const rule of rules) {
    const detail = rule.check(input);
    if (detail !== null) signals.push({ rule: rule.rule, weight: rule.weight, detail, kind: rule.kind });
  }
  const score = Math.min(100, signals.reduce((sum, signal) => sum + signal.weight, 0));
  return { score, level: riskLevel(score, input.options), signals };
}

/** The weight of a rule by name (for messages and tests). */
export function riskWeight(rule: string): number {
  const found = RISK_RULES.find((candidate) => candidate.rule === rule);
  if (!found) throw new RangeError(`no risk rule named ${rule}`);
  return found.weight;
}
