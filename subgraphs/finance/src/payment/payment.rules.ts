import { normaliseKenyanPhone } from '../../../../kit/contact';
import type { Violations } from '../../../../kit/errors';
import { formatMinor, readMoneyInput, type MoneyInput } from '../../../../kit/money';

import { InvoiceStatus } from '../invoice/invoice.entity';
import { amountDueMinor } from '../invoice/invoice.rules';
import { PaymentMethod } from './payment.entity';

/** How far ahead of the server clock a provider's timestamp may be (clock skew), in milliseconds. */
export const RECEIVED_AT_TOLERANCE_MS = 5 * 60_000;

/** `PAY-<year received>-<running number>`. */
export function formatPaymentNumber(receivedOn: string, sequence: number): string {
  return `PAY-${receivedOn.slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** Provider references are compared without case or spaces: "skl3h7xq2p " is the same receipt as "SKL3H7XQ2P". */
export function normaliseReference(method: PaymentMethod, reference: string): string {
  const trimmed = reference.trim();
  return method === PaymentMethod.MPESA || method === PaymentMethod.BANK_TRANSFER ? trimmed.replace(/\s+/g, '').toUpperCase() : trimmed;
}

export interface PaymentFacts {
  amount: MoneyInput;
  method: PaymentMethod;
  externalReference: string;
  receivedAt: Date;
  payerPhone?: string | null;
}

export interface PayableInvoice {
  invoiceNumber: string;
  status: InvoiceStatus;
  currency: string;
  totalMinor: number;
  amountPaidMinor: number;
}

export interface CheckedPayment {
  amountMinor: number;
  currency: string;
  payerPhone: string | null;
}

/**
 * The rules a payment must meet against its invoice: a positive amount in the invoice's currency,
 * no more than what is still due, on an invoice that is open, at a time that is not in the future.
 */
export function checkPayment(facts: PaymentFacts, invoice: PayableInvoice | null, now: Date, violations: Violations): CheckedPayment {
  const amount = readMoneyInput(facts.amount, 'amount', violations);
  if (!facts.externalReference.trim()) violations.add('externalReference', 'REQUIRED', 'is required');
  if (facts.receivedAt.getTime() > now.getTime() + RECEIVED_AT_TOLERANCE_MS) {
    violations.add('receivedAt', 'NOT_IN_FUTURE', 'cannot be in the future');
  }
  let payerPhone: string | null = null;
  if (facts.payerPhone) {
    payerPhone = normaliseKenyanPhone(facts.payerPhone);
    if (!payerPhone) violations.add('payerPhone', 'VALID_KENYAN_PHONE', `"${facts.payerPhone}" is not a Kenyan phone number`);
  }
  if (invoice) {
    if (invoice.status === InvoiceStatus.VOID || invoice.status === InvoiceStatus.PAID) {
      violations.add('invoiceId', 'INVOICE_PAYABLE', `invoice ${invoice.invoiceNumber} is ${invoice.status} and takes no more payments`);
    } else if (amount && amount.currency !== invoice.currency) {
      violations.add('amount.currency', 'INVOICE_CURRENCY', `invoice ${invoice.invoiceNumber} is in ${invoice.currency}, not ${amount.currency}`);
    } else if (amount && amount.minor > 0) {
      const due = amountDueMinor(invoice);
      if (amount.minor > due) {
        violations.add('amount', 'NOT_MORE_THAN_DUE', `is more than the ${formatMinor(due, invoice.currency)} ${invoice.currency} still due on ${invoice.invoiceNumber}`);
      }
    }
  }
  return { amountMinor: amount?.minor ?? 0, currency: amount?.currency ?? '', payerPhone };
}

/** Whether a repeated delivery carries the same payment as the one already recorded under its reference. */
export function isSamePayment(
  recorded: { invoiceId: string; amountMinor: number; currency: string },
  repeat: { invoiceId: string; amountMinor: number; currency: string },
): boolean {
  return recorded.invoiceId === repeat.invoiceId && recorded.amountMinor === repeat.amountMinor && recorded.currency === repeat.currency;
}
