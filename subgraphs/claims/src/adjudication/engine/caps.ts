import { subLimitKey } from './keys';
import { limitCoversLine } from './service-categories';
import { ReasonCode } from './types';
import type { BenefitTerms, ClaimLineInput, CoverageFacts, Reason, Step, UtilisationFacts } from './types';
import { amount, reason } from './wording';

export interface CapInput extends Pick<ClaimLineInput, 'lineNumber' | 'serviceCode' | 'serviceCategory'> {
  /** What the scheme would pay after cost share. */
  payableMinor: number;
}

export interface CapResult {
  lineNumber: number;
  payableMinor: number;
  /** Cut by a limit or the authorisation: the member's to pay. */
  exceededMinor: number;
  reasons: Reason[];
}

export interface CapContext {
  benefit: BenefitTerms;
  coverage: Pick<CoverageFacts, 'overallAnnualLimitPerPersonMinor' | 'overallAnnualLimitPerFamilyMinor'>;
  utilisation: UtilisationFacts;
  /** What is left of an approved pre-authorisation the claim needed; null when none applies. */
  authorisationRemainingMinor: number | null;
  currency: string;
}

/** One limit the payable amounts count against, with what is left of it. */
interface Bucket {
  step: Step;
  code: ReasonCode;
  left: number;
  covers: (line: CapInput) => boolean;
  describe: (left: number) => string;
}

/**
 * Step 11, narrowest first: the pre-authorisation's remainder, the per-visit limit, each sub-limit
 * that counts the line, the benefit's annual limit (the member's own use for INDIVIDUAL, the
 * family's for FAMILY), then the overall annual limit per person and per family. Lines go in
 * lineNumber order and each line's payable counts against the limits for the lines after it. What
 * a limit cuts is `exceededMinor`, the member's. Paying exactly what is left is paid in full.
 */
export function applyCaps(lines: readonly CapInput[], context: CapContext): CapResult[] {
  const { benefit, coverage, utilisation, currency } = context;
  const money = (minor: number) => amount(minor, currency);
  const everyLine = () => true;
  const buckets: Bucket[] = [];
  if (context.authorisationRemainingMinor !== null) {
    buckets.push({
      step: 'PREAUTHORIZATION',
      code: ReasonCode.AUTHORIZATION_EXCEEDED,
      left: context.authorisationRemainingMinor,
      covers: everyLine,
      describe: (left) => `the pre-authorisation had ${money(left)} left`,
    });
  }
  if (benefit.perVisitLimitMinor !== null) {
    buckets.push({
      step: 'CAPS',
      code: ReasonCode.PER_VISIT_LIMIT,
      left: benefit.perVisitLimitMinor,
      covers: everyLine,
      describe: (left) => `${benefit.name} pays at most ${money(benefit.perVisitLimitMinor ?? 0)} a visit and ${money(left)} of it was left`,
    });
  }
  for (const subLimit of benefit.subLimits) {
    buckets.push({
      step: 'CAPS',
      code: ReasonCode.SUB_LIMIT_EXCEEDED,
      left: subLimit.limitMinor - (utilisation.subLimitMemberMinor[subLimitKey(benefit.id, subLimit.name)] ?? 0),
      covers: (line) => limitCoversLine(subLimit, line),
      describe: (left) => `the ${subLimit.name} sub-limit of ${money(subLimit.limitMinor)} had ${money(left)} left`,
    });
  }
  const family = benefit.limitScope === 'FAMILY';
  buckets.push({
    step: 'CAPS',
    code: ReasonCode.BENEFIT_LIMIT_EXCEEDED,
    left: benefit.annualLimitMinor - ((family ? utilisation.benefitFamilyMinor : utilisation.benefitMemberMinor)[benefit.id] ?? 0),
    covers: everyLine,
    describe: (left) => `${benefit.name}'s annual limit of ${money(benefit.annualLimitMinor)}${family ? ', shared by the family,' : ''} had ${money(left)} left`,
  });
  buckets.push({
    step: 'CAPS',
    code: ReasonCode.OVERALL_LIMIT_EXCEEDED,
    left: coverage.overallAnnualLimitPerPersonMinor - utilisation.overallMemberMinor,
    covers: everyLine,
    describe: (left) => `the overall annual limit of ${money(coverage.overallAnnualLimitPerPersonMinor)} a person had ${money(left)} left`,
  });
  if (coverage.overallAnnualLimitPerFamilyMinor !== null) {
    buckets.push({
      step: 'CAPS',
      code: ReasonCode.FAMILY_LIMIT_EXCEEDED,
      left: coverage.overallAnnualLimitPerFamilyMinor - utilisation.overallFamilyMinor,
      covers: everyLine,
      describe: (left) => `the family's overall annual limit of ${money(coverage.overallAnnualLimitPerFamilyMinor ?? 0)} had ${money(left)} left`,
    });
  }
  for (const bucket of buckets) bucket.left = Math.max(0, bucket.left);

  return [...lines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((line) => {
      const reasons: Reason[] = [];
      let pay = line.payableMinor;
      const counted = buckets.filter((bucket) => bucket.covers(line));
      for (const bucket of counted) {
        if (pay <= bucket.left) continue;
        const cut = pay - bucket.left;
        reasons.push(reason(bucket.step, bucket.code, `${money(cut)} is not paid: ${bucket.describe(bucket.left)}.`));
        pay = bucket.left;
      }
      for (const bucket of counted) bucket.left -= pay;
      return { lineNumber: line.lineNumber, payableMinor: pay, exceededMinor: line.payableMinor - pay, reasons };
    });
}
