import { systemClock } from '../../../kit/clock';
import type { ScheduledJob } from '../../../kit/events/event';
import { defineSubgraph } from '../../../kit/subgraph';
import { rules } from '../../../kit/permissions';
import { CompanyBillingResolver } from './company-billing.resolver';
import { CompanyReference, companyReference } from './company.reference';
import { readFinanceConfig, type FinanceConfig } from './config';
import type { FinanceContext } from './context';
import { Invoice } from './invoice/invoice.entity';
import { InvoiceResolver } from './invoice/invoice.resolver';
import { JournalEntry } from './ledger/journal-entry.entity';
import { JournalLine } from './ledger/journal-line.entity';
import { LedgerAccount } from './ledger/ledger-account.entity';
import { JournalEntryResolver, JournalLineResolver, LedgerAccountResolver, LedgerResolver } from './ledger/ledger.resolver';
import { createFinanceLoaders } from './loaders';
import { MemberBillingResolver } from './member-billing.resolver';
import { MemberReference, memberReference } from './member.reference';
import { FinanceSchema1700000004000 } from './migrations/1700000004000-FinanceSchema';
import { FinanceSettlements1700000004100 } from './migrations/1700000004100-FinanceSettlements';
import { Payment } from './payment/payment.entity';
import { PaymentResolver } from './payment/payment.resolver';
import { createFinanceServices, type FinanceServices } from './services';
import { Settlement } from './settlement/settlement.entity';
import { SettlementResolver } from './settlement/settlement.resolver';
import { settlementSubscriptions } from './settlement/settlement.subscriptions';

/** Premium invoices, payments and the double-entry general ledger; extends `Member` and `Company` with billing. */
export const financeSubgraph = defineSubgraph({
  name: 'finance',
  defaultPort: 4004,
  entities: [Invoice, Payment, LedgerAccount, JournalEntry, JournalLine, Settlement],
  migrations: [FinanceSchema1700000004000, FinanceSettlements1700000004100],
  resolvers: [
    InvoiceResolver,
    PaymentResolver,
    SettlementResolver,
    LedgerResolver,
    LedgerAccountResolver,
    JournalEntryResolver,
    JournalLineResolver,
    MemberBillingResolver,
    CompanyBillingResolver,
  ],
  orphanedTypes: [MemberReference, CompanyReference],
  referenceResolvers: {
    Invoice: { __resolveReference: (ref, ctx: FinanceContext) => ctx.loaders.invoiceById.load(ref.id) },
    Payment: { __resolveReference: (ref, ctx: FinanceContext) => ctx.loaders.paymentById.load(ref.id) },
    // Finance holds no copy of members or companies: a reference is all it needs to add their billing.
    Member: { __resolveReference: (ref) => memberReference(ref.id) },
    Company: { __resolveReference: (ref) => companyReference(ref.id) },
  },
  permissions: {
    Query: {
      invoice: rules.anyone,
      invoiceByNumber: rules.anyone,
      invoices: rules.anyone,
      payment: rules.anyone,
      payments: rules.anyone,
      settlement: rules.anyone,
      settlements: rules.anyone,
      trialBalance: rules.anyone,
      ledgerAccounts: rules.anyone,
      journalEntries: rules.anyone,
    },
    Mutation: {
      raisePremiumInvoice: rules.anyone,
      recordPayment: rules.anyone,
      voidInvoice: rules.anyone,
    },
    Invoice: rules.anyone,
    Payment: rules.anyone,
    Settlement: rules.anyone,
    Member: rules.anyone,
    Company: rules.anyone,
    LedgerAccount: rules.anyone,
    JournalEntry: rules.anyone,
    JournalLine: rules.anyone,
    TrialBalance: rules.anyone,
    TrialBalanceLine: rules.anyone,
  },
  createServices: (dataSource, logger) => createFinanceServices(dataSource, readFinanceConfig(), systemClock, logger),
  createLoaders: createFinanceLoaders,
  subscriptions: settlementSubscriptions,
  // Read when a runtime starts its jobs, so importing the definition reads no settings.
  get jobs() {
    return [overdueInvoicesJob(readFinanceConfig())];
  },
});

/** Reports invoices unpaid past their due date plus the grace period, so schemes suspends their cover. */
export function overdueInvoicesJob(config: FinanceConfig): ScheduledJob<FinanceServices> {
  return {
    name: 'finance.invoices.report-overdue',
    everyMs: config.overdueCheckMs,
    run: async (services) => {
      await services.invoices.reportOverdue();
    },
  };
}
