import DataLoader from 'dataloader';
import { loaderById, loaderFromMap, loaderGroupedBy, pagePerOwnerLoader } from '../../../kit/loaders';
import type { Invoice, InvoiceStatus } from './invoice/invoice.entity';
import type { Payment } from './payment/payment.entity';
import { totalsKey } from './ledger/ledger.service';
import type { LedgerAccount } from './ledger/ledger-account.entity';
import type { FinanceServices } from './services';

const NO_TOTALS = { debitMinor: 0, creditMinor: 0 };

/** Per-request DataLoaders of the finance subgraph. */
export function createFinanceLoaders(services: FinanceServices) {
  return {
    invoiceById: loaderById((ids) => services.invoices.byIds(ids)),
    paymentById: loaderById((ids) => services.payments.byIds(ids)),
    settlementById: loaderById((ids) => services.settlements.byIds(ids)),
    paymentsByInvoice: loaderGroupedBy((ids) => services.payments.ofInvoices(ids), (p) => p.invoiceId),
    paymentIntentById: loaderById((ids) => services.providerPayments.intentsByIds(ids)),
    refundsByPayment: loaderGroupedBy((ids) => services.refunds.ofPayments(ids), (r) => r.paymentId),
    statementImportById: loaderById((ids) => services.bankStatements.byIds(ids)),
    statementLinesByImport: loaderGroupedBy((ids) => services.bankStatements.linesOf(ids), (l) => l.importId),
    paymentIdsByBatch: loaderGroupedBy((ids) => services.providerPayouts.paymentIdsOf(ids), (r) => r.batchId),
    invoiceLinesByInvoice: loaderGroupedBy((ids) => services.invoices.linesOf(ids), (l) => l.invoiceId),
    invoicePageByMember: pagePerOwnerLoader<Invoice, InvoiceStatus>((ids, page, status) => services.invoices.pagesFor('member', ids, page, status)),
    invoicePageByCompany: pagePerOwnerLoader<Invoice, InvoiceStatus>((ids, page, status) => services.invoices.pagesFor('company', ids, page, status)),
    paymentPageByMember: pagePerOwnerLoader<Payment, never>((ids, page) => services.payments.pagesForMembers(ids, page)),
    /** Per member, what is owed in each currency. */
    balanceByMember: loaderFromMap((ids: readonly string[]) => services.invoices.balances(ids), new Map<string, number>()),
    journalEntriesBySource: loaderGroupedBy((ids) => services.ledger.entriesForSources(ids), (e) => e.sourceId),
    journalLinesByEntry: loaderGroupedBy((ids) => services.ledger.linesOf(ids), (l) => l.entryId),
    ledgerAccountByCode: new DataLoader<string, LedgerAccount | null>(async (codes) => {
      const accounts = new Map((await services.ledger.accountsByCodes(codes)).map((a) => [a.code, a]));
      return codes.map((code) => accounts.get(code) ?? null);
    }),
    /** Total debits and credits of an account in a currency. */
    accountTotals: loaderFromMap(
      async (keys: readonly { code: string; currency: string }[]) => {
        const totals = await services.ledger.totals(keys);
        return new Map(keys.map((key) => [key, totals.get(totalsKey(key.code, key.currency)) ?? NO_TOTALS]));
      },
      NO_TOTALS,
      (key) => totalsKey(key.code, key.currency),
    ),
  };
}

export type FinanceLoaders = ReturnType<typeof createFinanceLoaders>;
