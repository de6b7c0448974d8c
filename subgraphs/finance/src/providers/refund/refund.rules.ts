import type { Violations } from '../../../../../kit/errors';
import { formatMinor } from '../../../../../kit/money';

/** `RFD-<year refunded>-<running number>`. */
export function formatRefundNumber(refundedOn: string, sequence: number): string {
  return `RFD-${refundedOn.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** What may still be returned on a payment: its amount less what refunds and chargebacks already took back. */
export function refundableMinor(paidMinor: number, reversedMinor: number): number {
  return Math.max(0, paidMinor - reversedMinor);
}

/**
 * The amount of a refund: the whole refundable remainder when none is asked, otherwise a positive
 * amount in the payment's currency no greater than the remainder.
 */
export function checkRefundAmount(
  requested: { minor: number; currency: string } | null | undefined,
  payment: { amountMinor: number; currency: string; paymentNumber: string },
  reversedMinor: number,
  violations: Violations,
): number {
  const refundable = refundableMinor(payment.amountMinor, reversedMinor);
  if (refundable === 0) {
    violations.add('paymentId', 'REFUNDABLE', `payment ${payment.paymentNumber} has nothing left to refund`);
    return 0;
  }
  if (!requested) return refundable;
  if (requested.currency !== payment.currency) {
    violations.add('amount.currency', 'PAYMENT_CURRENCY', `payment ${payment.paymentNumber} is in ${payment.currency}, not ${requested.currency}`);
    return 0;
  }
  if (requested.minor > refundable) {
    violations.add(
      'amount',
      'NOT_MORE_THAN_REFUNDABLE',
      `is more than the ${formatMinor(refundable, payment.currency)} ${payment.currency} still refundable on ${payment.paymentNumber}`,
    );
    return 0;
  }
  return requested.minor;
}
