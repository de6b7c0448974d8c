import { systemClock } from '../../../kit/clock';
import type { ScheduledJob } from '../../../kit/events/event';
import { defineSubgraph } from '../../../kit/subgraph';
import type { Role } from '../../../kit/auth/identity';
import { record, recordFields, staff, staffOrMember } from '../../../kit/auth/rules';
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
import { eraseMemberFromFinance } from './privacy/member-erased.subscription';
import { MemberFinanceExportResolver } from './privacy/member-export.resolver';
import { createFinanceServices, type FinanceServices } from './services';
import { Settlement } from './settlement/settlement.entity';
import { SettlementResolver } from './settlement/settlement.resolver';
import { settlementSubscriptions } from './settlement/settlement.subscriptions';
import { BillingPolicy } from './billing/billing-policy.entity';
import { BillingResolver } from './billing/billing.resolver';
import { billingSubscriptions } from './billing/billing.subscriptions';
import { CreditNote } from './billing/credit-note.entity';
import { CommissionPayout } from './commission/commission-payout.entity';
import { CommissionPayoutResolver } from './commission/commission.resolver';
import { commissionSubscriptions } from './commission/commission.subscriptions';
import { ExchangeRate } from './fx/exchange-rate.entity';
import { ExchangeRateResolver } from './fx/fx.resolver';
import { InvoiceLine } from './invoice/invoice-line.entity';
import { FinanceBilling1700000004300 } from './migrations/1700000004300-FinanceBilling';
import { ReportsResolver } from './reports/reports.resolver';
import { tokenPurchaseSubscriptions } from './token-purchase/token-purchase.subscriptions';
import { FinancePaymentProviders1700000004200 } from './migrations/1700000004200-FinancePaymentProviders';
import { readProviderConfig } from './providers/provider.config';
import { providerRoutes } from './providers/provider.routes';
import { providerEntities, providerNotificationReplayJob, providerPermissions, providerResolvers, providerSettlementJob } from './providers/providers.definition';

/** Staff who read invoices, payments and the ledger; analysts see no payer contact details without a grant. */
const FINANCE_READERS: Role[] = ['FINANCE_OFFICER', 'ANALYST'];
const SETTLEMENT_READERS: Role[] = ['FINANCE_OFFICER', 'CLAIMS_OFFICER', 'ANALYST'];
const PROVIDER_PERMISSIONS = providerPermissions(FINANCE_READERS);

/** Premium invoices, payments and the double-entry general ledger; extends `Member` and `Company` with billing. */
export const financeSubgraph = defineSubgraph({
  name: 'finance',
  defaultPort: 4004,
  entities: [Invoice, Payment, LedgerAccount, JournalEntry, JournalLine, Settlement, InvoiceLine, BillingPolicy, CreditNote, CommissionPayout, ExchangeRate, ...providerEntities],
  migrations: [FinanceSchema1700000004000, FinanceSettlements1700000004100, FinancePaymentProviders1700000004200, FinanceBilling1700000004300],
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
    MemberFinanceExportResolver,
    BillingResolver,
    CommissionPayoutResolver,
    ExchangeRateResolver,
    ReportsResolver,
    ...providerResolvers,
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
      invoice: staffOrMember(...FINANCE_READERS),
      invoiceByNumber: staff(...FINANCE_READERS),
      invoices: staff(...FINANCE_READERS),
      payment: staffOrMember(...FINANCE_READERS),
      payments: staff(...FINANCE_READERS),
      settlement: staff(...SETTLEMENT_READERS),
      settlements: staff(...SETTLEMENT_READERS),
      trialBalance: staff(...FINANCE_READERS),
      ledgerAccounts: staff(...FINANCE_READERS),
      journalEntries: staff(...FINANCE_READERS),
      billingPolicy: staff(...FINANCE_READERS),
      creditNotes: staff(...FINANCE_READERS),
      commissionDisbursement: staff(...FINANCE_READERS),
      commissionDisbursements: staff(...FINANCE_READERS),
      exchangeRates: staff(...FINANCE_READERS),
      receivablesAgeing: staff(...FINANCE_READERS),
      financialReport: staff(...FINANCE_READERS),
      ...PROVIDER_PERMISSIONS.Query,
    },
    Mutation: {
      raisePremiumInvoice: staff('FINANCE_OFFICER'),
      recordPayment: staff('FINANCE_OFFICER'),
      voidInvoice: staff('FINANCE_OFFICER'),
      runPremiumBilling: staff('FINANCE_OFFICER'),
      payCommissionPayout: staff('FINANCE_OFFICER'),
      paySettlements: staff('FINANCE_OFFICER'),
      recordExchangeRate: staff('FINANCE_OFFICER'),
      ...PROVIDER_PERMISSIONS.Mutation,
    },
    Invoice: recordFields({ staff: FINANCE_READERS, memberOf: (i: Invoice) => i.billedMemberId }),
    Payment: recordFields({ staff: FINANCE_READERS, memberOf: (p: Payment) => p.memberId }, { personal: ['payerPhone'] }),
    // What a provider was paid for a member's claim: staff only, and each look is audited.
    Settlement: recordFields({ staff: SETTLEMENT_READERS, memberOf: (s: Settlement) => s.memberId, forMembers: false }),
    Member: {
      ...recordFields({ staff: FINANCE_READERS, memberOf: (m: { id: string }) => m.id }),
      financeDataExport: record({ staff: ['ADMIN'], memberOf: (m: { id: string }) => m.id }, 'personal'),
    },
    Company: staff(...FINANCE_READERS),
    LedgerAccount: staff(...FINANCE_READERS),
    JournalEntry: staff(...FINANCE_READERS),
    JournalLine: staff(...FINANCE_READERS),
    TrialBalance: staff(...FINANCE_READERS),
    TrialBalanceLine: staff(...FINANCE_READERS),
    InvoiceLine: staff(...FINANCE_READERS),
    BillingPolicy: staff(...FINANCE_READERS),
    BillingRunResult: staff(...FINANCE_READERS),
    CreditNote: staff(...FINANCE_READERS),
    CommissionDisbursement: staff(...FINANCE_READERS),
    ExchangeRate: staff(...FINANCE_READERS),
    ReceivablesAgeing: staff(...FINANCE_READERS),
    AgeingBuckets: staff(...FINANCE_READERS),
    AgeingDebtor: staff(...FINANCE_READERS),
    FinancialReport: staff(...FINANCE_READERS),
    FinancialReportRow: staff(...FINANCE_READERS),
    ...PROVIDER_PERMISSIONS.types,
  },
  createServices: (dataSource, logger) => createFinanceServices(dataSource, readFinanceConfig(), systemClock, logger),
  createLoaders: createFinanceLoaders,
  subscriptions: [...settlementSubscriptions, eraseMemberFromFinance, ...billingSubscriptions, ...tokenPurchaseSubscriptions, ...commissionSubscriptions],
  // Read when a runtime starts its jobs, so importing the definition reads no settings.
  get jobs() {
    return [overdueInvoicesJob(readFinanceConfig()), premiumBillingJob(readFinanceConfig()), providerSettlementJob(readProviderConfig()), providerNotificationReplayJob(readProviderConfig())];
  },
  // Provider callbacks and webhooks: authenticated by the provider's signature, not the gateway's.
  httpRoutes: providerRoutes,
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

/** Raises the premium invoices each policy is due for, its lead days before each period starts. */
export function premiumBillingJob(config: FinanceConfig): ScheduledJob<FinanceServices> {
  return {
    name: 'finance.billing.run',
    everyMs: config.billingRunMs,
    run: async (services) => {
      await services.billing.run(services.clock.today());
    },
  };
}
