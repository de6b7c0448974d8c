import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { recordEvent, recordEvents } from '../../../../kit/events/outbox';
import { InvoiceKind, PREMIUM_KINDS, type Invoice } from './invoice.entity';

export const INVOICE_PAID = 'finance.invoice.paid';
export const INVOICE_OVERDUE = 'finance.invoice.overdue';
/** An invoice was raised (any kind): engagement tells the billed member it is due. */
export const INVOICE_RAISED = 'finance.invoice.raised';
export const TOKEN_PURCHASE_PAID = 'finance.token-purchase.paid';

/** A premium invoice cleared by payment: the policy it pays for is (or stays) in force. One per policy on the invoice. */
export interface InvoicePaidPayload {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  billedMemberId: string | null;
  /** The premium this invoice bills for the policy, before VAT (its lines' net), and its currency. */
  netPremiumMinor: number;
  currency: string;
  /** When the payment that cleared it was received. */
  paidAt: string;
}

/** A new invoice as other domains see it; `billedMemberId` is null for a company's invoice. */
export interface InvoiceRaisedPayload {
  invoiceId: string;
  invoiceNumber: string;
  kind: InvoiceKind;
  billedMemberId: string | null;
  companyId: string | null;
  dueDate: string;
  totalMinor: number;
  currency: string;
}

/** A premium invoice unpaid past its due date plus the grace period: cover is to be suspended. One per policy on the invoice. */
export interface InvoiceOverduePayload {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  billedMemberId: string | null;
  dueDate: string;
  daysOverdue: number;
}

/** A token purchase's invoice cleared by payment: the tokens can be released to the wallet. */
export interface TokenPurchasePaidPayload {
  purchaseId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountMinor: number;
  currency: string;
  paidAt: string;
}

/**
 * The event id of one occurrence of a fact about one policy on one invoice: the occurrence is what
 * caused it (the payment or credit note that cleared the invoice, the overdue run that reported it),
 * so an invoice re-opened by a refund and cleared again is a new event, while a consumer's inbox
 * still sees one id however often the same occurrence is delivered. Duplicate payments never get
 * this far: they are refused by provider reference before any invoice changes.
 */
export function invoiceEventId(type: string, invoiceId: string, policyId: string, occurrence: string): string {
  const hex = createHash('sha256').update(`${type}:${invoiceId}:${policyId}:${occurrence}`).digest('hex');
  // Shaped as a version-5-style UUID so it fits the outbox's uuid column.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The payment that just cleared an invoice: the latest one applied to it (in the caller's transaction). */
async function clearingPaymentOf(manager: EntityManager, invoiceId: string): Promise<string> {
  const [row] = await preparedQuery<{ id: string }>(
    manager,
    `SELECT id FROM payments WHERE invoice_id = $1 AND status = 'COMPLETED' ORDER BY created_at DESC, payment_number DESC LIMIT 1`,
    [invoiceId],
  );
  if (!row) throw new Error(`invoice ${invoiceId} is recorded as paid but has no completed payment`);
  return row.id;
}

/** The policies an invoice bills, each with the member its line names, in line order. */
async function policiesOn(manager: EntityManager, invoice: Invoice): Promise<{ policyId: string; memberId: string | null; netMinor: number }[]> {
  const rows = await preparedQuery<{ policy_id: string; member_id: string | null; net_minor: string }>(
    manager,
    `SELECT policy_id, member_id, net_minor FROM (
       SELECT DISTINCT ON (policy_id) policy_id, member_id, line_number,
              sum(net_minor) OVER (PARTITION BY policy_id) AS net_minor
         FROM invoice_lines
        WHERE invoice_id = $1 AND policy_id IS NOT NULL ORDER BY policy_id, line_number) AS first_lines
      ORDER BY line_number`,
    [invoice.id],
  );
  const policies = rows.map((r) => ({ policyId: r.policy_id, memberId: r.member_id, netMinor: Number(r.net_minor) }));
  if (policies.length === 0 && invoice.policyId) policies.push({ policyId: invoice.policyId, memberId: invoice.billedMemberId, netMinor: invoice.netMinor });
  return policies;
}

/**
 * An invoice was cleared. A premium invoice tells schemes once per policy it bills
 * (`finance.invoice.paid`); a token purchase's invoice tells tokens (`finance.token-purchase.paid`),
 * never schemes. `clearedBy` names what cleared it (a payment or credit note id); by default the
 * payment last applied to it.
 */
export async function recordInvoicePaid(manager: EntityManager, invoice: Invoice, paidAt: Date, clearedBy?: string): Promise<void> {
  const occurrence = clearedBy ?? (await clearingPaymentOf(manager, invoice.id));
  if (invoice.kind === InvoiceKind.TOKEN_PURCHASE) {
    const payload: TokenPurchasePaidPayload = {
      purchaseId: invoice.tokenPurchaseId!,
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      amountMinor: invoice.totalMinor,
      currency: invoice.currency,
      paidAt: paidAt.toISOString(),
    };
    await recordEvent(manager, { id: invoiceEventId(TOKEN_PURCHASE_PAID, invoice.id, invoice.tokenPurchaseId!, occurrence), type: TOKEN_PURCHASE_PAID, aggregateId: invoice.id, payload });
    return;
  }
  if (!PREMIUM_KINDS.includes(invoice.kind)) return;
  const events = [];
  for (const { policyId, memberId, netMinor } of await policiesOn(manager, invoice)) {
    const payload: InvoicePaidPayload = {
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      policyId,
      billedMemberId: invoice.billedMemberId ?? memberId,
      netPremiumMinor: netMinor,
      currency: invoice.currency,
      paidAt: paidAt.toISOString(),
    };
    events.push({ id: invoiceEventId(INVOICE_PAID, invoice.id, policyId, occurrence), type: INVOICE_PAID, aggregateId: invoice.id, payload });
  }
  await recordEvents(manager, events);
}

/**
 * A premium invoice went past grace: schemes hears once per policy it bills, the run that noticed
 * it (`notifiedAt`) being the occurrence. Other kinds tell schemes nothing.
 */
export async function recordInvoiceOverdue(manager: EntityManager, invoice: Invoice, daysOverdue: number, notifiedAt: Date): Promise<void> {
  if (!PREMIUM_KINDS.includes(invoice.kind)) return;
  const events = [];
  for (const { policyId, memberId } of await policiesOn(manager, invoice)) {
    const payload: InvoiceOverduePayload = {
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      policyId,
      billedMemberId: invoice.billedMemberId ?? memberId,
      dueDate: invoice.dueDate,
      daysOverdue,
    };
    events.push({ id: invoiceEventId(INVOICE_OVERDUE, invoice.id, policyId, notifiedAt.toISOString()), type: INVOICE_OVERDUE, aggregateId: invoice.id, payload });
  }
  await recordEvents(manager, events);
}
