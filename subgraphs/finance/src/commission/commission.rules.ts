import { JournalSourceType } from '../ledger/journal-entry.entity';
import { ACCOUNTS, buildPosting, credit, debit, type Posting } from '../ledger/ledger.rules';

/** `crm.commission.payout-approved`: an agent's commission for a period is approved for payment. */
export interface CommissionPayoutApproved {
  payoutId: string;
  agentId: string;
  agentCode: string;
  agentName: string;
  periodStart: string;
  periodEnd: string;
  amountMinor: number;
  currency: string;
  approvedAt: string;
}

export interface PayoutFacts {
  id: string;
  agentCode: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  amountMinor: number;
}

/** An approved payout is owed: Dr Commission expense / Cr Commissions payable. */
export function commissionAccrualPosting(payout: PayoutFacts, approvedOn: string): Posting {
  return buildPosting({
    entryDate: approvedOn,
    description: `Commission of agent ${payout.agentCode} for ${payout.periodStart} to ${payout.periodEnd}`,
    sourceType: JournalSourceType.COMMISSION_ACCRUAL,
    sourceId: payout.id,
    lines: [debit(ACCOUNTS.COMMISSION_EXPENSE, payout.amountMinor, payout.currency), credit(ACCOUNTS.COMMISSIONS_PAYABLE, payout.amountMinor, payout.currency)],
  });
}

/** Paying the agent: Dr Commissions payable / Cr Bank. */
export function commissionPaymentPosting(payout: PayoutFacts, paidOn: string, bankReference: string): Posting {
  return buildPosting({
    entryDate: paidOn,
    description: `Commission payout to agent ${payout.agentCode} (bank ${bankReference})`,
    sourceType: JournalSourceType.COMMISSION_PAYMENT,
    sourceId: payout.id,
    lines: [debit(ACCOUNTS.COMMISSIONS_PAYABLE, payout.amountMinor, payout.currency), credit(ACCOUNTS.BANK, payout.amountMinor, payout.currency)],
  });
}
