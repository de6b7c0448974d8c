import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import type { Invoice } from './invoice.entity';

export const INVOICE_PAID = 'finance.invoice.paid';
export const INVOICE_OVERDUE = 'finance.invoice.overdue';

/** A premium invoice cleared by payment: the policy it pays for is (or stays) in force. */
export interface InvoicePaidPayload {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  billedMemberId: string;
  /** When the payment that cleared it was received. */
  paidAt: string;
}

/** A premium invoice unpaid past its due date plus the grace period: cover is to be suspended. */
export interface InvoiceOverduePayload {
  invoiceId: string;
  invoiceNumber: string;
  policyId: string;
  billedMemberId: string;
  dueDate: string;
  daysOverdue: number;
}

export async function recordInvoicePaid(manager: EntityManager, invoice: Invoice, paidAt: Date): Promise<void> {
  const payload: InvoicePaidPayload = {
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    policyId: invoice.policyId,
    billedMemberId: invoice.billedMemberId,
    paidAt: paidAt.toISOString(),
  };
  await recordEvent(manager, { type: INVOICE_PAID, aggregateId: invoice.id, payload });
}

export async function recordInvoiceOverdue(manager: EntityManager, invoice: Invoice, daysOverdue: number): Promise<void> {
  const payload: InvoiceOverduePayload = {
    invoiceId: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    policyId: invoice.policyId,
    billedMemberId: invoice.billedMemberId,
    dueDate: invoice.dueDate,
    daysOverdue,
  };
  await recordEvent(manager, { type: INVOICE_OVERDUE, aggregateId: invoice.id, payload });
}
