import { ReasonCode } from './types';
import type { ClaimLineInput, Reason } from './types';
import { amount, reason, units } from './wording';

export interface EligibleAmount {
  eligibleMinor: number;
  /** Everything billed that is not eligible: the tariff excess plus units not approved. */
  disallowedMinor: number;
  tariffExcessMinor: number;
  unapprovedUnitsMinor: number;
  reasons: Reason[];
}

/**
 * Step 9: per unit, the lower of the billed unit price and the provider's agreed tariff for the
 * service (when it has one), times the approved quantity. What is billed above the tariff
 * (TARIFF_EXCEEDED) and for units not approved is disallowed: the provider's loss.
 */
export function eligibleAmount(
  line: Pick<ClaimLineInput, 'serviceCode' | 'quantity' | 'unitPriceMinor' | 'billedMinor'>,
  approvedQuantity: number,
  tariffs: Readonly<Record<string, number>>,
  currency: string,
): EligibleAmount {
  // Intake makes billed = quantity × unit price; taking the whole bill when every unit is approved keeps totals exact even if not.
  const billedForApproved = approvedQuantity >= line.quantity ? line.billedMinor : Math.min(line.billedMinor, line.unitPriceMinor * approvedQuantity);
  const unapprovedUnitsMinor = line.billedMinor - billedForApproved;
  const tariff = tariffs[line.serviceCode];
  const eligibleMinor = tariff === undefined ? billedForApproved : Math.min(billedForApproved, tariff * approvedQuantity);
  const tariffExcessMinor = billedForApproved - eligibleMinor;
  const reasons: Reason[] = [];
  if (tariffExcessMinor > 0) {
    reasons.push(
      reason(
        'ELIGIBLE_AMOUNT',
        ReasonCode.TARIFF_EXCEEDED,
        `${amount(tariffExcessMinor, currency)} is above the provider's agreed price of ${amount(tariff ?? 0, currency)} a unit for ${line.serviceCode}; the provider may not charge it to the member.`,
      ),
    );
  }
  if (unapprovedUnitsMinor > 0) {
    reasons.push(
      reason(
        'ELIGIBLE_AMOUNT',
        ReasonCode.QUANTITY_LIMIT,
        `${amount(unapprovedUnitsMinor, currency)} billed for ${units(line.quantity - approvedQuantity)} over the quantity limit is not paid.`,
      ),
    );
  }
  return { eligibleMinor, disallowedMinor: line.billedMinor - eligibleMinor, tariffExcessMinor, unapprovedUnitsMinor, reasons };
}
