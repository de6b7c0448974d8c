import { JournalSourceType } from './journal-entry.entity';
import { LedgerAccountType, LedgerSide } from './ledger-account.entity';
import { PaymentMethod } from '../payment/payment.entity';

/** The accounts postings use; the chart itself is seeded by migration. */
export const ACCOUNTS = {
  BANK: '1000',
  MPESA_CLEARING: '1010',
  CARD_CLEARING: '1020',
  PAYPAL_CLEARING: '1030',
  DISPUTED_FUNDS: '1040',
  PREMIUMS_RECEIVABLE: '1100',
  CLAIMS_PAYABLE: '2000',
  VAT_PAYABLE: '2100',
  UNEARNED_PREMIUM: '2200',
  PAYER_CREDIT_BALANCES: '2300',
  UNAPPLIED_CASH: '2310',
  COMMISSIONS_PAYABLE: '2400',
  DEFERRED_TOKEN_REVENUE: '2410',
  RETAINED_EARNINGS: '3000',
  PREMIUM_INCOME: '4000',
  CLAIMS_EXPENSE: '5000',
  PROVIDER_FEES: '5100',
  COMMISSION_EXPENSE: '5200',
} as const;

export type AccountCode = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/** Assets and expenses grow with debits; liabilities, equity and income with credits. */
export function normalSide(type: LedgerAccountType): LedgerSide {
  return type === LedgerAccountType.ASSET || type === LedgerAccountType.EXPENSE ? LedgerSide.DEBIT : LedgerSide.CREDIT;
}

/** An account's balance on its normal side (positive when the account carries its usual balance). */
export function accountBalance(type: LedgerAccountType, debitMinor: number, creditMinor: number): number {
  return normalSide(type) === LedgerSide.DEBIT ? debitMinor - creditMinor : creditMinor - debitMinor;
}

/** The asset account a payment method's money lands in before it is reconciled. */
export function receivingAccountFor(method: PaymentMethod): AccountCode {
  switch (method) {
    case PaymentMethod.MPESA:
      return ACCOUNTS.MPESA_CLEARING;
    case PaymentMethod.CARD:
      return ACCOUNTS.CARD_CLEARING;
    case PaymentMethod.PAYPAL:
      return ACCOUNTS.PAYPAL_CLEARING;
    case PaymentMethod.BANK_TRANSFER:
      return ACCOUNTS.BANK;
  }
}

export interface PostingLine {
  account: AccountCode;
  debitMinor: number;
  creditMinor: number;
  currency: string;
  memberId?: string | null;
  providerId?: string | null;
}

/** A journal entry ready to be written: built only by `buildPosting`, so it always balances. */
export interface Posting {
  readonly entryDate: string;
  readonly description: string;
  readonly sourceType: JournalSourceType;
  readonly sourceId: string;
  readonly reversesEntryId: string | null;
  readonly lines: readonly PostingLine[];
}

/** A posting that breaks double entry. It is a programming error, never a user's. */
export class UnbalancedPostingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnbalancedPostingError';
  }
}

export type PostingDraft = Omit<Posting, 'reversesEntryId' | 'lines'> & { reversesEntryId?: string | null; lines: PostingLine[] };

/**
 * Checks a draft against double entry and returns it as a posting: at least two lines, each a
 * positive whole number of minor units on exactly one side, and debits equal to credits in each
 * currency. Refuses anything else.
 */
export function buildPosting(draft: PostingDraft): Posting {
  if (draft.lines.length < 2) throw new UnbalancedPostingError(`a journal entry needs at least two lines (got ${draft.lines.length})`);
  const totals = new Map<string, { debit: number; credit: number }>();
  draft.lines.forEach((line, index) => {
    const { debitMinor, creditMinor } = line;
    if (!Number.isSafeInteger(debitMinor) || !Number.isSafeInteger(creditMinor) || debitMinor < 0 || creditMinor < 0) {
      throw new UnbalancedPostingError(`line ${index + 1}: amounts must be non-negative whole minor units`);
    }
    if ((debitMinor > 0) === (creditMinor > 0)) {
      throw new UnbalancedPostingError(`line ${index + 1}: a line is either a debit or a credit of a positive amount`);
    }
    const total = totals.get(line.currency) ?? { debit: 0, credit: 0 };
    total.debit += debitMinor;
    total.credit += creditMinor;
    totals.set(line.currency, total);
  });
  for (const [currency, { debit, credit }] of totals) {
    if (debit !== credit) {
      throw new UnbalancedPostingError(`debits (${debit}) and credits (${credit}) in ${currency} do not balance`);
    }
  }
  return Object.freeze({ ...draft, reversesEntryId: draft.reversesEntryId ?? null, lines: Object.freeze(draft.lines.map((l) => ({ ...l }))) });
}

/** A debit line of a posting draft. */
export const debit = (account: AccountCode, minor: number, currency: string, memberId: string | null = null, providerId: string | null = null): PostingLine => ({
  account,
  debitMinor: minor,
  creditMinor: 0,
  currency,
  memberId,
  providerId,
});

/** A credit line of a posting draft. */
export const credit = (account: AccountCode, minor: number, currency: string, memberId: string | null = null, providerId: string | null = null): PostingLine => ({
  account,
  debitMinor: 0,
  creditMinor: minor,
  currency,
  memberId,
  providerId,
});

export interface InvoiceFacts {
  id: string;
  invoiceNumber: string;
  billedMemberId: string | null;
  issueDate: string;
  currency: string;
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
}

/** What an invoice is raised as in the ledger: the account its net is credited to, and how the entry is labelled. */
export interface InvoiceRaising {
  incomeAccount: AccountCode;
  sourceType: JournalSourceType;
  label: string;
}

export const PREMIUM_INVOICE_RAISING: InvoiceRaising = { incomeAccount: ACCOUNTS.PREMIUM_INCOME, sourceType: JournalSourceType.PREMIUM_INVOICE, label: 'Premium invoice' };
/** A token purchase is income only as the tokens are used, so its net waits in deferred token revenue. */
export const TOKEN_PURCHASE_INVOICE_RAISING: InvoiceRaising = {
  incomeAccount: ACCOUNTS.DEFERRED_TOKEN_REVENUE,
  sourceType: JournalSourceType.TOKEN_PURCHASE_INVOICE,
  label: 'Token purchase invoice',
};

/** Raising an invoice: Dr Premiums receivable (total) / Cr its income account (net) / Cr VAT payable (VAT, if any). */
export function invoicePosting(invoice: InvoiceFacts, raising: InvoiceRaising = PREMIUM_INVOICE_RAISING): Posting {
  const lines = [
    debit(ACCOUNTS.PREMIUMS_RECEIVABLE, invoice.totalMinor, invoice.currency, invoice.billedMemberId),
    credit(raising.incomeAccount, invoice.netMinor, invoice.currency, invoice.billedMemberId),
  ];
  if (invoice.vatMinor > 0) lines.push(credit(ACCOUNTS.VAT_PAYABLE, invoice.vatMinor, invoice.currency, invoice.billedMemberId));
  return buildPosting({
    entryDate: invoice.issueDate,
    description: `${raising.label} ${invoice.invoiceNumber}`,
    sourceType: raising.sourceType,
    sourceId: invoice.id,
    lines,
  });
}

/** Premium turned back, wholly (a void) or for part of a period (a credit note). */
export interface PremiumReversal {
  entryDate: string;
  description: string;
  sourceType: JournalSourceType;
  sourceId: string;
  reversesEntryId?: string | null;
  /** The part of the total the payer had already paid, held for them as a credit balance instead of lowering the receivable. */
  heldMinor?: number;
  /** The account the invoice's net was credited to when it was raised (premium income unless said). */
  incomeAccount?: AccountCode;
}

/**
 * A premium invoice's raising entry turned round for `amounts`: Dr Premium income (net) / Dr VAT
 * payable (VAT, if any) / Cr Premiums receivable (what was still owed) / Cr Payer credit balances
 * (the rest, if any).
 */
export function premiumReversalPosting(amounts: Omit<InvoiceFacts, 'id' | 'invoiceNumber' | 'issueDate'>, reversal: PremiumReversal): Posting {
  const { currency, billedMemberId } = amounts;
  const heldMinor = reversal.heldMinor ?? 0;
  const lines = [debit(reversal.incomeAccount ?? ACCOUNTS.PREMIUM_INCOME, amounts.netMinor, currency, billedMemberId)];
  if (amounts.vatMinor > 0) lines.push(debit(ACCOUNTS.VAT_PAYABLE, amounts.vatMinor, currency, billedMemberId));
  if (amounts.totalMinor > heldMinor) lines.push(credit(ACCOUNTS.PREMIUMS_RECEIVABLE, amounts.totalMinor - heldMinor, currency, billedMemberId));
  if (heldMinor > 0) lines.push(credit(ACCOUNTS.PAYER_CREDIT_BALANCES, heldMinor, currency, billedMemberId));
  return buildPosting({
    entryDate: reversal.entryDate,
    description: reversal.description,
    sourceType: reversal.sourceType,
    sourceId: reversal.sourceId,
    reversesEntryId: reversal.reversesEntryId ?? null,
    lines,
  });
}

/** Voiding an unpaid invoice: the exact reverse of its raising entry, as a new entry pointing at it. */
export function invoiceVoidPosting(invoice: InvoiceFacts, voidedOn: string, raisingEntryId: string | null, raising: InvoiceRaising = PREMIUM_INVOICE_RAISING): Posting {
  return premiumReversalPosting(invoice, {
    entryDate: voidedOn,
    description: `Void of ${raising.label.toLowerCase()} ${invoice.invoiceNumber}`,
    incomeAccount: raising.incomeAccount,
    sourceType: JournalSourceType.INVOICE_VOID,
    sourceId: invoice.id,
    reversesEntryId: raisingEntryId,
  });
}

export interface PaymentFacts {
  id: string;
  paymentNumber: string;
  invoiceNumber: string;
  memberId: string | null;
  method: PaymentMethod;
  externalReference: string;
  receivedOn: string;
  currency: string;
  amountMinor: number;
}

/** A premium payment: Dr the method's receiving account / Cr Premiums receivable. */
export function paymentPosting(payment: PaymentFacts): Posting {
  return buildPosting({
    entryDate: payment.receivedOn,
    description: `Payment ${payment.paymentNumber} (${payment.method} ${payment.externalReference}) for ${payment.invoiceNumber}`,
    sourceType: JournalSourceType.PAYMENT,
    sourceId: payment.id,
    lines: [
      debit(receivingAccountFor(payment.method), payment.amountMinor, payment.currency, payment.memberId),
      credit(ACCOUNTS.PREMIUMS_RECEIVABLE, payment.amountMinor, payment.currency, payment.memberId),
    ],
  });
}

export interface SettlementFacts {
  id: string;
  settlementNumber: string;
  claimNumber: string;
  memberId: string | null;
  providerId: string;
  currency: string;
  amountMinor: number;
}

/** An approved claim owed to its provider: Dr Claims expense / Cr Claims payable, both lines naming member and provider. */
export function settlementPosting(settlement: SettlementFacts, decidedOn: string): Posting {
  const { amountMinor, currency, memberId, providerId } = settlement;
  return buildPosting({
    entryDate: decidedOn,
    description: `Settlement ${settlement.settlementNumber} of claim ${settlement.claimNumber}`,
    sourceType: JournalSourceType.CLAIM_SETTLEMENT,
    sourceId: settlement.id,
    lines: [
      debit(ACCOUNTS.CLAIMS_EXPENSE, amountMinor, currency, memberId, providerId),
      credit(ACCOUNTS.CLAIMS_PAYABLE, amountMinor, currency, memberId, providerId),
    ],
  });
}

/** A reversed claim: the exact reverse of its settlement entry (Dr Claims payable / Cr Claims expense), as a new entry pointing at it. */
export function settlementReversalPosting(settlement: SettlementFacts, reversedOn: string, settlementEntryId: string | null): Posting {
  const { amountMinor, currency, memberId, providerId } = settlement;
  return buildPosting({
    entryDate: reversedOn,
    description: `Reversal of settlement ${settlement.settlementNumber} (claim ${settlement.claimNumber} reversed)`,
    sourceType: JournalSourceType.CLAIM_SETTLEMENT_REVERSAL,
    sourceId: settlement.id,
    reversesEntryId: settlementEntryId,
    lines: [
      debit(ACCOUNTS.CLAIMS_PAYABLE, amountMinor, currency, memberId, providerId),
      credit(ACCOUNTS.CLAIMS_EXPENSE, amountMinor, currency, memberId, providerId),
    ],
  });
}

export interface AccountTotals {
  code: string;
  debitMinor: number;
  creditMinor: number;
}

export interface TrialBalanceRow {
  code: string;
  debitMinor: number;
  creditMinor: number;
}

/**
 * A trial balance from each account's total debits and credits: each account's net balance
 * in the debit or the credit column. The two columns are equal exactly when the ledger balances.
 */
export function trialBalanceRows(accounts: AccountTotals[]): { rows: TrialBalanceRow[]; totalDebitMinor: number; totalCreditMinor: number } {
  const rows = accounts.map(({ code, debitMinor, creditMinor }) => {
    const net = debitMinor - creditMinor;
    return { code, debitMinor: net > 0 ? net : 0, creditMinor: net < 0 ? -net : 0 };
  });
  return {
    rows,
    totalDebitMinor: rows.reduce((sum, r) => sum + r.debitMinor, 0),
    totalCreditMinor: rows.reduce((sum, r) => sum + r.creditMinor, 0),
  };
}
