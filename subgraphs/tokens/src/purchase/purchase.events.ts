/** Recorded when a purchase is made; finance invoices the company for it. */
export const PURCHASE_CREATED = 'tokens.purchase.created';
/** Recorded when a paid purchase's tokens are in the wallet. */
export const PURCHASE_CREDITED = 'tokens.purchase.credited';
/** Recorded when a purchase is given up unpaid (expired or cancelled); finance may void its invoice. */
export const PURCHASE_CANCELLED = 'tokens.purchase.cancelled';
/** Finance's word that the invoice of a purchase was paid. */
export const TOKEN_PURCHASE_PAID = 'finance.token-purchase.paid';

export interface PurchaseCreatedPayload {
  purchaseId: string;
  walletId: string;
  companyId: string;
  packageCode: string;
  tokens: number;
  amountMinor: number;
  currency: string;
  createdAt: string;
}

export interface TokenPurchasePaidPayload {
  purchaseId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountMinor: number;
  currency: string;
  paidAt: string;
}

export interface PurchaseCancelledPayload {
  purchaseId: string;
  walletId: string;
  companyId: string;
  status: 'EXPIRED' | 'CANCELLED';
  reason: string;
  cancelledAt: string;
}

export interface PurchaseCreditedPayload {
  purchaseId: string;
  walletId: string;
  companyId: string;
  tokens: number;
  creditedAt: string;
}
