/** `tokens.purchase.created`: a company bought tokens and owes for them. */
export interface TokenPurchaseCreated {
  purchaseId: string;
  walletId: string;
  companyId: string;
  packageCode: string;
  tokens: number;
  amountMinor: number;
  currency: string;
  createdAt: string;
}

/** `tokens.purchase.cancelled`: a purchase given up unpaid (its auto top-up expired, or staff cancelled it). */
export interface TokenPurchaseCancelled {
  purchaseId: string;
  walletId: string;
  companyId: string;
  status: 'EXPIRED' | 'CANCELLED';
  reason: string;
  cancelledAt: string;
}
