import DataLoader from 'dataloader';
import { loaderById, loaderFromMap, loaderGroupedBy } from '../../../kit/loaders';
import { PageInfo, type Page, type PageArgs } from '../../../kit/pagination';
import type { Invoice, InvoiceStatus } from './invoice/invoice.entity';
import type { Payment } from './payment/payment.entity';
import { totalsKey } from './ledger/ledger.service';
import type { LedgerAccount } from './ledger/ledger-account.entity';
import type { FinanceServices } from './services';

/** One owner's page of a list, with the page arguments and filter it was asked with. */
export interface OwnerPageKey<F> {
  ownerId: string;
  page: PageArgs;
  filter: F | null;
}

function emptyPage<T>(): Page<T> {
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = false;
  pageInfo.endCursor = null;
  return { edges: [], pageInfo };
}

/**
 * A DataLoader for "the first page of each owner's list": keys asked with the same page
 * arguments and filter (the usual case, N members in one `_entities` call) share one statement.
 */
function pagePerOwnerLoader<T, F>(
  fetch: (ownerIds: string[], page: PageArgs, filter: F | null) => Promise<Map<string, Page<T>>>,
): DataLoader<OwnerPageKey<F>, Page<T>, string> {
  const signature = (key: OwnerPageKey<F>) => JSON.stringify([key.page.first, key.page.after ?? null, key.filter]);
  const cacheKey = (key: OwnerPageKey<F>) => JSON.stringify([key.ownerId, signature(key)]);
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, OwnerPageKey<F>[]>();
      for (const key of keys) groups.set(signature(key), [...(groups.get(signature(key)) ?? []), key]);
      const pages = new Map<string, Page<T>>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const [{ page, filter }] = group;
          const found = await fetch([...new Set(group.map((k) => k.ownerId))], page, filter);
          for (const key of group) pages.set(cacheKey(key), found.get(key.ownerId) ?? emptyPage());
        }),
      );
      return keys.map((key) => pages.get(cacheKey(key)) ?? emptyPage<T>());
    },
    { cacheKeyFn: cacheKey },
  );
}

const NO_TOTALS = { debitMinor: 0, creditMinor: 0 };

/** Per-request DataLoaders of the finance subgraph. */
export function createFinanceLoaders(services: FinanceServices) {
  return {
    invoiceById: loaderById((ids) => services.invoices.byIds(ids)),
    paymentById: loaderById((ids) => services.payments.byIds(ids)),
    paymentsByInvoice: loaderGroupedBy((ids) => services.payments.ofInvoices(ids), (p) => p.invoiceId),
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
