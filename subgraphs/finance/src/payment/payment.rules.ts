import { normaliseKenyanPhone } from '../../../../kit/contact';
import type { Violation, Violations } from '../../../../kit/errors';
import { formatMinor, readMoneyInput, type MoneyInput } from '../../../../kit/money';

import type { InvoiceStatus } from '../invoice/invoice.entity';
import { amountDueMinor, isPayable } from '../invoice/invoice.rules';
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
  creditedMinor?: number;
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
    // An amount that could not be read is left to its own violation; the invoice's state is still checked.
    const reason = whyNotApplicable(invoice, amount?.minor ?? 0, amount?.currency ?? invoice.currency);
    if (reason) addNotApplicable(violations, reason, invoice, amount?.currency ?? invoice.currency);
  }
  return { amountMinor: amount?.minor ?? 0, currency: amount?.currency ?? '', payerPhone };
}

/** Why money could not be applied to an invoice. */
export enum NotApplicable {
  UNKNOWN_INVOICE = 'UNKNOWN_INVOICE',
  INVOICE_NOT_PAYABLE = 'INVOICE_NOT_PAYABLE',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  MORE_THAN_DUE = 'MORE_THAN_DUE',
}

/**
 * The one rule for money meeting an invoice, however it arrived (a clerk, a provider, a bank
 * statement): the invoice exists and takes payments, in its currency, up to what is still due.
 * Null when the money can be applied.
 */
export function whyNotApplicable(invoice: PayableInvoice | null, amountMinor: number, currency: string): NotApplicable | null {
  if (!invoice) return NotApplicable.UNKNOWN_INVOICE;
  if (!isPayable(invoice.status)) return NotApplicable.INVOICE_NOT_PAYABLE;
  if (currency !== invoice.currency) return NotApplicable.CURRENCY_MISMATCH;
  if (amountMinor > amountDueMinor(invoice)) return NotApplicable.MORE_THAN_DUE;
  return null;
}

/** The violation a person is shown for money an invoice does not take, on the payment input's field at fault. */
export function notApplicableProblem(reason: NotApplicable, invoice: PayableInvoice | null, currency: string): Violation {
  switch (reason) {
    case NotApplicable.UNKNOWN_INVOICE:
      return { field: 'invoiceId', rule: 'EXISTS', message: 'the invoice does not exist' };
    case NotApplicable.INVOICE_NOT_PAYABLE:
      return { field: 'invoiceId', rule: 'INVOICE_PAYABLE', message: `invoice ${invoice!.invoiceNumber} is ${invoice!.status} and takes no more payments` };
    case NotApplicable.CURRENCY_MISMATCH:
      return { field: 'amount.currency', rule: 'INVOICE_CURRENCY', message: `invoice ${invoice!.invoiceNumber} is in ${invoice!.currency}, not ${currency}` };
    case NotApplicable.MORE_THAN_DUE: {
      const due = amountDueMinor(invoice!);
      return {
        field: 'amount',
        rule: 'NOT_MORE_THAN_DUE',
        message: `is more than the ${formatMinor(due, invoice!.currency)} ${invoice!.currency} still due on ${invoice!.invoiceNumber}`,
      };
    }
  }
}

function addNotApplicable(violations: Violations, reason: NotApplicable, invoice: PayableInvoice | null, currency: string): void {
  const { field, rule, message } = notApplicableProblem(reason, invoice, currency);
  violations.add(field, rule, message);
}

/** Whether a repeated delivery carries the same payment as the one already recorded under its reference. */
export function isSamePayment(
  recorded: { invoiceId: string; amountMinor: number; currency: string },
  repeat: { invoiceId: string; amountMinor: number; currency: string },
): boolean {
  return recorded.invoiceId === repeat.invoiceId && recorded.amountMinor === repeat.amountMinor && recorded.currency === repeat.currency;
}
