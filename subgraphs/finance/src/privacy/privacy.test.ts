import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../kit/events/event';
import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, memberActor, startTestSubgraph, staffActor } from '../../../../kit/testing';
import { financeSubgraph } from '../subgraph';
import { foreignId, payTestInvoice, raiseTestInvoice } from '../testing';
import { eraseMemberFromFinance, MEMBER_ERASED } from './member-erased.subscription';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(financeSubgraph);
});
afterAll(() => runtime.stop());

const EXPORT = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Member { id financeDataExport } } }`;
const exportFor = (memberId: string, actor = memberActor(memberId)) => execute(runtime, EXPORT, { reps: [{ __typename: 'Member', id: memberId }] }, actor);

/** A member with an invoice of KES 4,500 part paid (1,000) by M-Pesa from a phone. */
async function memberWithBilling() {
  const memberId = foreignId();
  const invoice = await raiseTestInvoice(runtime, { billedMemberId: memberId });
  const payment = await payTestInvoice(runtime, invoice.id, { amount: { amount: '1000.00', currency: 'KES' }, payerPhone: '0712345678' });
  return { memberId, invoice, payment };
}

describe('the finance data export', () => {
  it('gives a member their invoices, payments and ledger lines', async () => {
    const { memberId, invoice, payment } = await memberWithBilling();
    const result = await exportFor(memberId);
    expect(result.errors).toBeUndefined();
    const exported = result.data!._entities[0].financeDataExport;
    expect(exported.subgraph).toBe('finance');
    expect(exported.invoices).toEqual([expect.objectContaining({ id: invoice.id, invoiceNumber: invoice.invoiceNumber, billedMemberId: memberId })]);
    expect(exported.payments).toEqual([expect.objectContaining({ id: payment.id, payerPhone: '+254712345678' })]);
    expect(exported.settlements).toEqual([]);
    expect(exported.journalEntries.length).toBeGreaterThan(0);
    expect(exported.journalEntries.flatMap((e: { lines: { memberId: string }[] }) => e.lines).every((l: { memberId: string }) => l.memberId === memberId)).toBe(true);
  });

  it('refuses another member and non-admin staff', async () => {
    const { memberId } = await memberWithBilling();
    expect((await exportFor(memberId, memberActor(foreignId()))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await exportFor(memberId, staffActor('officer', 'FINANCE_OFFICER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await exportFor(memberId, staffActor('admin'))).data!._entities[0].financeDataExport.invoices).toHaveLength(1);
  });
});

describe('members.member.erased in finance', () => {
  const erased = (memberId: string): DomainEvent => ({
    id: randomUUID(), type: MEMBER_ERASED, source: 'members', aggregateId: memberId, occurredAt: new Date().toISOString(),
    payload: { memberId, pseudonym: 'Erased 1A2B3C4D', erasedAt: new Date().toISOString() },
  });
  const apply = (event: DomainEvent) => runtime.dataSource.transaction((manager) => eraseMemberFromFinance.handle(event, manager, runtime.services));
  const q = (sql: string, id: string) => runtime.dataSource.query(sql, [id]);
  /** Everything financial about a member: invoices, payments (but the phone), the ledger entries and lines. */
  const books = async (memberId: string, invoiceId: string) => ({
    invoices: await q(`SELECT * FROM invoices WHERE billed_member_id = $1`, memberId),
    payments: await q(`SELECT id, payment_number, invoice_id, currency, amount_minor, method, external_reference, received_at, status FROM payments WHERE member_id = $1`, memberId),
    lines: await q(`SELECT * FROM journal_lines WHERE member_id = $1 ORDER BY entry_id, line_number`, memberId),
    entries: await q(`SELECT * FROM journal_entries WHERE id IN (SELECT entry_id FROM journal_lines WHERE member_id = $1) ORDER BY entry_number`, memberId),
    invoiceEntries: await q(`SELECT * FROM journal_entries WHERE source_id = $1`, invoiceId),
  });

  it('drops the paying phone once and leaves every amount, payment and ledger row as it was', async () => {
    const { memberId, invoice, payment } = await memberWithBilling();
    const bystander = await memberWithBilling();
    const before = await books(memberId, invoice.id);
    expect(before.lines.length).toBeGreaterThan(0);

    await apply(erased(memberId));
    await apply(erased(memberId));
    expect(await q(`SELECT payer_phone FROM payments WHERE id = $1`, payment.id)).toEqual([{ payer_phone: null }]);
    expect(await books(memberId, invoice.id)).toEqual(before);
    expect(await q(`SELECT payer_phone FROM payments WHERE id = $1`, bystander.payment.id)).toEqual([{ payer_phone: '+254712345678' }]);
  });
});
