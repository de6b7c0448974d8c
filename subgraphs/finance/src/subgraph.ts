import { defineSubgraph } from '../../../kit/subgraph';
import { rules } from '../../../kit/permissions';
import { CompanyBillingResolver } from './company-billing.resolver';
import { CompanyReference, companyReference } from './company.reference';
import { readFinanceConfig } from './config';
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
import { Payment } from './payment/payment.entity';
import { PaymentResolver } from './payment/payment.resolver';
import { createFinanceServices } from './services';

/** Premium invoices, payments and the double-entry general ledger; extends `Member` and `Company` with billing. */
export const financeSubgraph = defineSubgraph({
  name: 'finance',
  defaultPort: 4004,
  entities: [Invoice, Payment, LedgerAccount, JournalEntry, JournalLine],
  migrations: [FinanceSchema1700000004000],
  resolvers: [
    InvoiceResolver,
    PaymentResolver,
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
    Member: rules.anyone,
    Company: rules.anyone,
    LedgerAccount: rules.anyone,
    JournalEntry: rules.anyone,
    JournalLine: rules.anyone,
    TrialBalance: rules.anyone,
    TrialBalanceLine: rules.anyone,
  },
  createServices: (dataSource) => createFinanceServices(dataSource, readFinanceConfig()),
  createLoaders: createFinanceLoaders,
});
