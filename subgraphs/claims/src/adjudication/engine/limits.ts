import { quantityLimitKey } from './keys';
import { limitCoversLine } from './service-categories';
import { ReasonCode } from './types';
import type { BenefitTerms, ClaimLineInput, QuantityLimitTerms, Reason, UtilisationFacts } from './types';
import { reason, units } from './wording';

/** Step 8, visits: FREQUENCY_LIMIT when the member has used every visit the benefit allows this period (this claim is a visit). */
export function visitLimitReason(benefit: BenefitTerms, utilisation: UtilisationFacts): Reason | null {
  const max = benefit.maxVisitsPerPeriod;
  if (max === null || max === undefined) return null;
  const used = utilisation.visitsUsed[benefit.id] ?? 0;
  if (used < max) return null;
  return reason('FREQUENCY_QUANTITY', ReasonCode.FREQUENCY_LIMIT, `${benefit.name} allows ${max} visits a period and all ${used} have been used.`);
}

export type QuantityRequest = Pick<ClaimLineInput, 'lineNumber' | 'serviceCode' | 'serviceCategory' | 'quantity'>;

export interface QuantityDecision {
  lineNumber: number;
  approvedQuantity: number;
  /** QUANTITY_LIMIT when the quantity was cut; the line is denied when nothing was left. */
  reason: Reason | null;
}

/**
 * Step 8, quantities: each line gets what is left under every quantity limit that counts it, after
 * the units used earlier in the period and by the claim's earlier lines (lines in lineNumber order).
 */
export function allowQuantities(lines: readonly QuantityRequest[], benefit: BenefitTerms, utilisation: UtilisationFacts): QuantityDecision[] {
  const usedNow = new Map<string, number>();
  return [...lines]
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((line) => {
      let approved = line.quantity;
      let binding: { limit: QuantityLimitTerms; left: number } | null = null;
      const keys: string[] = [];
      for (const limit of benefit.quantityLimits) {
        if (!limitCoversLine(limit, line)) continue;
        const key = quantityLimitKey(benefit.id, limit);
        keys.push(key);
        const left = Math.max(0, limit.maxQuantity - (utilisation.quantityUsed[key] ?? 0) - (usedNow.get(key) ?? 0));
        if (left < approved) {
          approved = left;
          binding = { limit, left };
        }
      }
      for (const key of keys) usedNow.set(key, (usedNow.get(key) ?? 0) + approved);
      if (!binding) return { lineNumber: line.lineNumber, approvedQuantity: approved, reason: null };
      const what = describeLimit(binding.limit);
      const max = binding.limit.maxQuantity;
      const message =
        approved === 0
          ? `No ${what} are left this period (the limit is ${units(max)}), so ${line.serviceCode} is not paid.`
          : `Only ${units(approved)} of ${line.quantity} can be paid: ${units(binding.left)} of ${what} were left this period (the limit is ${max}).`;
      return { lineNumber: line.lineNumber, approvedQuantity: approved, reason: reason('FREQUENCY_QUANTITY', ReasonCode.QUANTITY_LIMIT, message) };
    });
}

function describeLimit(limit: QuantityLimitTerms): string {
  if (limit.serviceCode) return `units of ${limit.serviceCode}`;
  if (limit.serviceCategory) return `${limit.serviceCategory.toLowerCase().replace(/_/g, ' ')} units`;
  return 'units';
}
