import { randomBytes, randomUUID } from 'node:crypto';
import { executeOk } from '../../../kit/testing';
import type { AnyRuntime } from '../../../kit/subgraph';

/** Fixture factories for the finance domain: each call makes fresh, unique records. */

/** The invoice fields most tests read. */
export const INVOICE_FIELDS = `id invoiceNumber policyId billedMemberId companyId periodStart periodEnd issueDate dueDate status vatRateBps
  netPremium { amount currency minorUnits } vat { amount } total { amount currency minorUnits }
  amountPaid { amount } amountDue { amount minorUnits } isOverdue daysOverdue`;

export const PAYMENT_FIELDS = `id paymentNumber invoiceId memberId method externalReference payerPhone status receivedAt amount { amount currency }`;

export interface TestInvoice {
  id: string;
  invoiceNumber: string;
  policyId: string;
  billedMemberId: string;
  companyId: string | null;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  status: string;
  vatRateBps: number;
  netPremium: { amount: string; currency: string; minorUnits: string };
  vat: { amount: string };
  total: { amount: string; currency: string; minorUnits: string };
  amountPaid: { amount: string };
  amountDue: { amount: string; minorUnits: string };
  isOverdue: boolean;
  daysOverdue: number;
}

export interface TestPayment {
  id: string;
  paymentNumber: string;
  invoiceId: string;
  memberId: string;
  method: string;
  externalReference: string;
  payerPhone: string | null;
  status: string;
  receivedAt: string;
  amount: { amount: string; currency: string };
}

export const RAISE = `mutation($input: RaisePremiumInvoiceInput!, $key: String) {
  raisePremiumInvoice(input: $input, idempotencyKey: $key) { ${INVOICE_FIELDS} } }`;

export const RECORD_PAYMENT = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { ${PAYMENT_FIELDS} } }`;

/** A reference to a policy, member or company of another subgraph: finance only ever sees the id. */
export function foreignId(): string {
  return randomUUID();
}

/** An M-Pesa-shaped receipt number (10 capitals and digits) that no other test uses. */
export function uniqueMpesaReceipt(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `U${[...randomBytes(9)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** The input of a March 2026 premium invoice of KES 4,500 for a fresh policy and member. */
export function invoiceInput(overrides: Record<string, unknown> = {}) {
  return {
    policyId: foreignId(),
    billedMemberId: foreignId(),
    companyId: null,
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    premium: { amount: '4500.00', currency: 'KES' },
    ...overrides,
  };
}

export async function raiseTestInvoice(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<TestInvoice> {
  const data = await executeOk<{ raisePremiumInvoice: TestInvoice }>(runtime, RAISE, { input: invoiceInput(overrides) });
  return data.raisePremiumInvoice;
}

export function paymentInput(invoiceId: string, overrides: Record<string, unknown> = {}) {
  return {
    invoiceId,
    amount: { amount: '4500.00', currency: 'KES' },
    method: 'MPESA',
    externalReference: uniqueMpesaReceipt(),
    payerPhone: '0712345678',
    ...overrides,
  };
}

export async function payTestInvoice(runtime: AnyRuntime, invoiceId: string, overrides: Record<string, unknown> = {}): Promise<TestPayment> {
  const data = await executeOk<{ recordPayment: TestPayment }>(runtime, RECORD_PAYMENT, { input: paymentInput(invoiceId, overrides) });
  return data.recordPayment;
}

export { outboxEventsOf, type OutboxRow } from '../../../kit/testing';
