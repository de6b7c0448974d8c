import { scaleMinor } from '../../../../../kit/money';
import { ReasonCode } from './types';
import type { BenefitTerms, Reason } from './types';
import { amount, reason } from './wording';

export interface CostShareInput {
  lineNumber: number;
  eligibleMinor: number;
}

export interface CostShare {
  lineNumber: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceMinor: number;
  /** What is left for the scheme to pay before caps. */
  remainingMinor: number;
  reasons: Reason[];
}

/**
 * Step 10, across the claim's lines in lineNumber order: first what is left of the benefit's
 * deductible this period, then the fixed copay (once per claim, taken from the first lines with
 * room, spilling over to the next when a line is smaller than the copay), then coinsurance in basis
 * points of what remains, rounded half-even. The member pays these; they never make a claim partial.
 */
export function applyCostShare(
  lines: readonly CostShareInput[],
  terms: Pick<BenefitTerms, 'deductibleMinor' | 'copayMinor' | 'coinsuranceBps'>,
  deductibleMetMinor: number,
  currency: string,
): CostShare[] {
  let deductibleLeft = Math.max(0, terms.deductibleMinor - deductibleMetMinor);
  let copayLeft = Math.max(0, terms.copayMinor);
  return [...lines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((line) => {
      const reasons: Reason[] = [];
      let remaining = line.eligibleMinor;
      const deductible = Math.min(remaining, deductibleLeft);
      deductibleLeft -= deductible;
      remaining -= deductible;
      if (deductible > 0) {
        const after = deductibleLeft === 0 ? 'the deductible is now met' : `${amount(deductibleLeft, currency)} of it is still to be met`;
        reasons.push(reason('COST_SHARE', ReasonCode.DEDUCTIBLE_APPLIED, `${amount(deductible, currency)} goes to the member's deductible; ${after}.`));
      }
      const copay = Math.min(remaining, copayLeft);
      copayLeft -= copay;
      remaining -= copay;
      if (copay > 0) reasons.push(reason('COST_SHARE', ReasonCode.COPAY_APPLIED, `The member pays a copay of ${amount(copay, currency)}.`));
      const coinsurance = terms.coinsuranceBps > 0 ? scaleMinor(remaining, terms.coinsuranceBps, 10_000) : 0;
      remaining -= coinsurance;
      if (coinsurance > 0) {
        reasons.push(
          reason('COST_SHARE', ReasonCode.COINSURANCE_APPLIED, `The member pays ${percent(terms.coinsuranceBps)} coinsurance: ${amount(coinsurance, currency)}.`),
        );
      }
      return { lineNumber: line.lineNumber, deductibleMinor: deductible, copayMinor: copay, coinsuranceMinor: coinsurance, remainingMinor: remaining, reasons };
    });
}

function percent(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}
