import type { EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { BUSINESS_TIME_ZONE, today as dateIn } from '../../../../kit/dates';
import { isUuid } from '../../../../kit/ids';
import type { Logger } from '../../../../kit/logger';
import { isCurrencyCode } from '../../../../kit/money';
import { Invoice, InvoiceKind } from '../invoice/invoice.entity';
import { InvoiceStatus } from '../invoice/invoice.entity';
import { raiseInvoiceIn, voidInvoiceIn, type BillingTerms } from '../invoice/invoice.service';
import type { TokenPurchaseCancelled, TokenPurchaseCreated } from './token-purchase.rules';

/** Who raises token purchase invoices: the purchases the tokens domain reports. */
export const TOKENS_ACTOR = 'system:tokens';

export type TokenInvoiceOutcome = 'INVOICED' | 'ALREADY_INVOICED' | 'VOIDED' | 'KEPT' | 'IGNORED';

/** Invoices for the tokens companies buy: raised once per purchase, paid like any invoice. */
export class TokenPurchaseService {
  constructor(
    private readonly terms: BillingTerms,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * A company bought tokens: a TOKEN_PURCHASE invoice to the company, with no policy, posted
   * Dr Premiums receivable / Cr Deferred token revenue. A purchase already invoiced changes nothing;
   * a malformed purchase is logged and skipped (retrying it would not make it valid).
   */
  async onPurchaseCreated(manager: EntityManager, purchase: TokenPurchaseCreated): Promise<TokenInvoiceOutcome> {
    const valid =
      isUuid(purchase.purchaseId) &&
      isUuid(purchase.companyId) &&
      Number.isSafeInteger(purchase.amountMinor) &&
      purchase.amountMinor > 0 &&
      typeof purchase.currency === 'string' &&
      isCurrencyCode(purchase.currency);
    if (!valid) {
      this.logger.warn('token purchase cannot be invoiced; skipped', { purchaseId: purchase.purchaseId });
      return 'IGNORED';
    }
    // Serialises two deliveries of one purchase; the unique purchase id settles anything left.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('finance.token-purchase:' || $1))`, [purchase.purchaseId]);
    if (await manager.existsBy(Invoice, { tokenPurchaseId: purchase.purchaseId })) return 'ALREADY_INVOICED';
    const created = new Date(purchase.createdAt);
    const issueDate = Number.isNaN(created.getTime()) ? this.clock.today() : dateIn(BUSINESS_TIME_ZONE, created);
    await raiseInvoiceIn(
      manager,
      {
        kind: InvoiceKind.TOKEN_PURCHASE,
        tokenPurchaseId: purchase.purchaseId,
        policyId: null,
        billedMemberId: null,
        companyId: purchase.companyId,
        periodStart: issueDate,
        periodEnd: issueDate,
        issueDate,
        currency: purchase.currency,
        netMinor: purchase.amountMinor,
        lines: [
          {
            kind: InvoiceKind.TOKEN_PURCHASE,
            policyId: null,
            memberId: null,
            periodStart: issueDate,
            periodEnd: issueDate,
            description: `${purchase.tokens} tokens (${purchase.packageCode}) for wallet ${purchase.walletId}`,
            netMinor: purchase.amountMinor,
          },
        ],
      },
      this.terms,
      TOKENS_ACTOR,
    );
    return 'INVOICED';
  }

  /**
   * A purchase given up unpaid: its invoice, if still untouched, is voided (the reverse of its raising
   * entry posted). One with money against it is kept, and logged for a clerk: the company paid, and
   * tokens credits a matching payment even after the purchase was given up.
   */
  async onPurchaseCancelled(manager: EntityManager, cancelled: TokenPurchaseCancelled): Promise<TokenInvoiceOutcome> {
    if (!isUuid(cancelled.purchaseId)) {
      this.logger.warn('token purchase cancellation names no purchase; skipped', { purchaseId: cancelled.purchaseId });
      return 'IGNORED';
    }
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('finance.token-purchase:' || $1))`, [cancelled.purchaseId]);
    const invoice = await manager.findOne(Invoice, { where: { tokenPurchaseId: cancelled.purchaseId }, lock: { mode: 'pessimistic_write' } });
    if (!invoice || invoice.status === InvoiceStatus.VOID) return 'IGNORED';
    if (invoice.amountPaidMinor > 0 || (invoice.creditedMinor ?? 0) > 0) {
      this.logger.warn('token purchase given up, but its invoice has money against it; kept', { purchaseId: cancelled.purchaseId, invoiceId: invoice.id });
      return 'KEPT';
    }
    const reason = `Token purchase ${cancelled.status === 'EXPIRED' ? 'expired unpaid' : 'cancelled'}: ${cancelled.reason}`.slice(0, 500);
    await voidInvoiceIn(manager, invoice, reason, this.clock, TOKENS_ACTOR);
    return 'VOIDED';
  }
}
