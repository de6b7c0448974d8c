import { JournalSourceType } from '../ledger/journal-entry.entity';
import { ACCOUNTS, buildPosting, receivingAccountFor, type AccountCode, type PaymentFacts, type Posting, type PostingLine } from '../ledger/ledger.rules';
import type { PaymentMethod } from '../payment/payment.entity';

/** A line for a signed amount: positive debits the account, negative credits it. */
function signed(account: AccountCode, minor: number, currency: string, memberId: string | null = null): PostingLine {
  return { account, debitMinor: minor > 0 ? minor : 0, creditMinor: minor < 0 ? -minor : 0, currency, memberId };
}

export interface RefundFacts {
  id: string;
  refundNumber: string;
  paymentNumber: string;
  invoiceNumber: string;
  memberId: string | null;
  method: PaymentMethod;
  currency: string;
  amountMinor: number;
  refundedOn: string;
}

/** Money returned to a payer: Dr Premiums receivable (the invoice is owed again) / Cr the method's receiving account. */
export function refundPosting(refund: RefundFacts): Posting {
  return buildPosting({
    entryDate: refund.refundedOn,
    description: `Refund ${refund.refundNumber} of payment ${refund.paymentNumber} for ${refund.invoiceNumber}`,
    sourceType: JournalSourceType.PAYMENT_REFUND,
    sourceId: refund.id,
    lines: [
      signed(ACCOUNTS.PREMIUMS_RECEIVABLE, refund.amountMinor, refund.currency, refund.memberId),
      signed(receivingAccountFor(refund.method), -refund.amountMinor, refund.currency, refund.memberId),
    ],
  });
}

export interface DisputeFacts {
  id: string;
  providerDisputeId: string;
  paymentNumber: string;
  memberId: string | null;
  method: PaymentMethod;
  currency: string;
  amountMinor: number;
}

/**
 * A chargeback's three moments. Opened: the provider holds the money (Dr Disputed funds / Cr the
 * method's clearing account). Won: it is released (the reverse). Lost: it is gone back to the payer,
 * and the invoice is owed again (Dr Premiums receivable / Cr Disputed funds).
 */
export function disputePosting(dispute: DisputeFacts, moment: 'OPENED' | 'WON' | 'LOST', on: string, openingEntryId: string | null = null): Posting {
  const clearing = receivingAccountFor(dispute.method);
  const { amountMinor: a, currency, memberId } = dispute;
  const lines =
    moment === 'OPENED'
      ? [signed(ACCOUNTS.DISPUTED_FUNDS, a, currency, memberId), signed(clearing, -a, currency, memberId)]
      : moment === 'WON'
        ? [signed(clearing, a, currency, memberId), signed(ACCOUNTS.DISPUTED_FUNDS, -a, currency, memberId)]
        : [signed(ACCOUNTS.PREMIUMS_RECEIVABLE, a, currency, memberId), signed(ACCOUNTS.DISPUTED_FUNDS, -a, currency, memberId)];
  const sourceType = { OPENED: JournalSourceType.DISPUTE_OPENED, WON: JournalSourceType.DISPUTE_WON, LOST: JournalSourceType.DISPUTE_LOST }[moment];
  return buildPosting({
    entryDate: on,
    description: `Dispute ${dispute.providerDisputeId} on payment ${dispute.paymentNumber} ${moment.toLowerCase()}`,
    sourceType,
    sourceId: dispute.id,
    // A won dispute mirrors its opening exactly, so it is recorded as that entry's reversal.
    reversesEntryId: moment === 'WON' ? openingEntryId : null,
    lines,
  });
}

export interface PayoutFacts {
  batchId: string;
  provider: string;
  method: PaymentMethod;
  currency: string;
  grossMinor: number;
  feesMinor: number;
  payoutDate: string;
}

/**
 * A provider's payout of one window: Cr the clearing account by the gross, Dr Bank by the net and
 * Dr Provider fees by the fees. Null when the window moved no money.
 */
export function payoutPosting(payout: PayoutFacts): Posting | null {
  const { currency, grossMinor, feesMinor } = payout;
  const lines = [
    signed(ACCOUNTS.BANK, grossMinor - feesMinor, currency),
    signed(ACCOUNTS.PROVIDER_FEES, feesMinor, currency),
    signed(receivingAccountFor(payout.method), -grossMinor, currency),
  ].filter((line) => line.debitMinor > 0 || line.creditMinor > 0);
  if (lines.length === 0) return null;
  return buildPosting({
    entryDate: payout.payoutDate,
    description: `${payout.provider} payout, batch ${payout.batchId}`,
    sourceType: JournalSourceType.PROVIDER_PAYOUT,
    sourceId: payout.batchId,
    lines,
  });
}

export interface UnappliedReceiptFacts {
  id: string;
  method: PaymentMethod;
  externalReference: string;
  memberId: string | null;
  currency: string;
  amountMinor: number;
  receivedOn: string;
}

/** Money no invoice could take: Dr the method's receiving account / Cr Unapplied cash, until a clerk allocates it. */
export function unappliedReceiptPosting(receipt: UnappliedReceiptFacts): Posting {
  const { amountMinor: a, currency, memberId } = receipt;
  return buildPosting({
    entryDate: receipt.receivedOn,
    description: `Unapplied ${receipt.method} receipt ${receipt.externalReference}`,
    sourceType: JournalSourceType.UNAPPLIED_RECEIPT,
    sourceId: receipt.id,
    lines: [signed(receivingAccountFor(receipt.method), a, currency, memberId), signed(ACCOUNTS.UNAPPLIED_CASH, -a, currency, memberId)],
  });
}

/**
 * The entry of a payment made from unapplied cash: Dr Unapplied cash / Cr Premiums receivable. The
 * money reached the receiving account when it arrived, so the payment does not debit it again.
 */
export function unappliedAllocationPosting(receiptId: string): (payment: PaymentFacts) => Posting {
  return (payment) =>
    buildPosting({
      entryDate: payment.receivedOn,
      description: `Payment ${payment.paymentNumber} for ${payment.invoiceNumber} from unapplied receipt ${payment.externalReference} (${receiptId})`,
      sourceType: JournalSourceType.UNAPPLIED_ALLOCATION,
      sourceId: payment.id,
      lines: [
        signed(ACCOUNTS.UNAPPLIED_CASH, payment.amountMinor, payment.currency, payment.memberId),
        signed(ACCOUNTS.PREMIUMS_RECEIVABLE, -payment.amountMinor, payment.currency, payment.memberId),
      ],
    });
}
