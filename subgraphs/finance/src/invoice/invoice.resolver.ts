import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { CompanyReference, companyReference } from '../company.reference';
import type { FinanceContext } from '../context';
import { JournalEntry } from '../ledger/journal-entry.entity';
import { MemberReference, memberReference } from '../member.reference';
import { Payment } from '../payment/payment.entity';
import { Invoice } from './invoice.entity';
import { InvoiceLine } from './invoice-line.entity';
import { IdempotencyArgs } from '../../../../kit/idempotency';
import { InvoiceFilter, RaisePremiumInvoiceInput, VoidInvoiceInput } from './invoice.input';
import { daysOverdue } from './invoice.rules';

export const InvoiceConnection = Connection(Invoice);

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Query(() => Invoice, { nullable: true, description: 'One invoice, or null when the id is unknown.' })
  invoice(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<Invoice | null> {
    return ctx.loaders.invoiceById.load(id);
  }

  @Query(() => Invoice, { nullable: true, description: 'Look an invoice up by its number, e.g. INV-2026-000001.' })
  invoiceByNumber(@Arg('invoiceNumber') invoiceNumber: string, @Ctx() ctx: FinanceContext): Promise<Invoice | null> {
    return ctx.services.invoices.byNumber(invoiceNumber);
  }

  @Query(() => InvoiceConnection, { description: 'Invoices by member, company, policy, status or overdue, latest period first.' })
  invoices(
    @Arg('filter', () => InvoiceFilter, { nullable: true }) filter: InvoiceFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.invoices.search(filter, page);
  }

  @Mutation(() => Invoice, {
    description: 'Raises the premium invoice of one policy for one period and posts it to the ledger. One invoice per policy and period.',
  })
  raisePremiumInvoice(
    @Arg('input', () => RaisePremiumInvoiceInput) input: RaisePremiumInvoiceInput,
    @Args() { idempotencyKey }: IdempotencyArgs,
    @Ctx() ctx: FinanceContext,
  ): Promise<Invoice> {
    return ctx.services.invoices.raisePremiumInvoice(input, ctx.actor.id, idempotencyKey);
  }

  @Mutation(() => Invoice, { description: 'Voids an unpaid invoice and posts the reversing entry; the original entry is kept.' })
  voidInvoice(@Arg('input', () => VoidInvoiceInput) input: VoidInvoiceInput, @Ctx() ctx: FinanceContext): Promise<Invoice> {
    return ctx.services.invoices.voidInvoice(input, ctx.actor.id);
  }

  @FieldResolver(() => MemberReference, { nullable: true, description: 'The policy holder billed; null when a company is billed.' })
  billedMember(@Root() invoice: Invoice): MemberReference | null {
    return invoice.billedMemberId ? memberReference(invoice.billedMemberId) : null;
  }

  @FieldResolver(() => [InvoiceLine], { description: 'What the invoice bills: one line per policy and period (an employer\'s invoice has one per policy).' })
  lines(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext): Promise<InvoiceLine[]> {
    return ctx.loaders.invoiceLinesByInvoice.load(invoice.id);
  }

  @FieldResolver(() => CompanyReference, { nullable: true })
  company(@Root() invoice: Invoice): CompanyReference | null {
    return invoice.companyId ? companyReference(invoice.companyId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Unpaid and past the due date.' })
  isOverdue(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext): boolean {
    return daysOverdue(invoice, ctx.services.clock.today()) > 0;
  }

  @FieldResolver(() => Int, { description: 'Days past the due date while unpaid; 0 otherwise.' })
  daysOverdue(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext): number {
    return daysOverdue(invoice, ctx.services.clock.today());
  }

  @FieldResolver(() => [Payment], { description: 'Payments against the invoice, oldest first.' })
  payments(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext): Promise<Payment[]> {
    return ctx.loaders.paymentsByInvoice.load(invoice.id);
  }

  @FieldResolver(() => [JournalEntry], { description: 'Ledger entries recording the invoice (raising, and voiding if voided).' })
  journalEntries(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext): Promise<JournalEntry[]> {
    return ctx.loaders.journalEntriesBySource.load(invoice.id);
  }
}
