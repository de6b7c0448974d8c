import type { Role } from '../../../../kit/auth/identity';
import { recordFields, staff, staffOrMember } from '../../../../kit/auth/rules';
import type { ScheduledJob } from '../../../../kit/events/event';
import type { FinanceServices } from '../services';
import { BankStatementImport, BankStatementLine } from './bank-statement/bank-statement.entity';
import { BankStatementImportResolver } from './bank-statement/bank-statement.resolver';
import { PaymentDispute } from './dispute/dispute.entity';
import { PaymentDisputeResolver } from './dispute/dispute.resolver';
import { PaymentIntent } from './payment-intent.entity';
import { ProviderSettlementBatchResolver } from './payout/payout.resolver';
import { ProviderSettlementBatch } from './payout/settlement-batch.entity';
import { ProviderName } from './provider';
import type { ProviderConfig } from './provider.config';
import { PaymentIntentResolver } from './provider.resolver';
import { ProviderNotification } from './provider-notification.entity';
import { PaymentRefundsResolver, RefundResolver } from './refund/refund.resolver';
import { Refund } from './refund/refund.entity';
import { UnappliedReceipt } from './unapplied/unapplied-receipt.entity';
import { UnappliedReceiptResolver } from './unapplied/unapplied-receipt.resolver';

export const providerEntities = [PaymentIntent, ProviderNotification, Refund, PaymentDispute, BankStatementImport, BankStatementLine, ProviderSettlementBatch, UnappliedReceipt];

export const providerResolvers = [
  PaymentIntentResolver,
  RefundResolver,
  PaymentRefundsResolver,
  PaymentDisputeResolver,
  BankStatementImportResolver,
  ProviderSettlementBatchResolver,
  UnappliedReceiptResolver,
];

/**
 * Who may do what with provider payments. Staff operations are the finance officer's (ADMIN always);
 * a member may start and capture a payment of an invoice billed to their own family (checked again
 * by the service against the invoice); analysts read, and see payer phones and raw provider bodies
 * only with a PII grant.
 */
export function providerPermissions(readers: Role[]) {
  const intentRecord = (i: PaymentIntent) => i.memberId;
  return {
    Query: {
      paymentIntent: staffOrMember(...readers),
      paymentIntents: staff(...readers),
      providerNotifications: staff(...readers),
      refunds: staff(...readers),
      paymentDisputes: staff(...readers),
      bankStatementImport: staff(...readers),
      bankStatementImports: staff(...readers),
      providerSettlementBatches: staff(...readers),
      unappliedReceipts: staff(...readers),
    },
    Mutation: {
      startMpesaPayment: staffOrMember('FINANCE_OFFICER'),
      createCardPaymentIntent: staffOrMember('FINANCE_OFFICER'),
      createPaypalOrder: staffOrMember('FINANCE_OFFICER'),
      capturePaypalOrder: staffOrMember('FINANCE_OFFICER'),
      importBankStatement: staff('FINANCE_OFFICER'),
      refundPayment: staff('FINANCE_OFFICER'),
      runProviderSettlement: staff('FINANCE_OFFICER'),
      allocateUnappliedReceipt: staff('FINANCE_OFFICER'),
    },
    types: {
      PaymentIntent: recordFields({ staff: readers, memberOf: intentRecord }, { personal: ['payerPhone'] }),
      CardPaymentStart: recordFields({ staff: ['FINANCE_OFFICER'], memberOf: (s: { intent: PaymentIntent }) => s.intent.memberId }),
      PaypalOrderStart: recordFields({ staff: ['FINANCE_OFFICER'], memberOf: (s: { intent: PaymentIntent }) => s.intent.memberId }),
      ProviderNotification: recordFields({ staff: readers, forMembers: false }, { personal: ['rawBody'] }),
      Refund: recordFields({ staff: readers, memberOf: (r: Refund) => r.memberId }),
      PaymentDispute: recordFields({ staff: readers, memberOf: (d: PaymentDispute) => d.memberId, forMembers: false }),
      BankStatementImport: staff(...readers),
      BankStatementLine: recordFields({ staff: readers, forMembers: false }, { personal: ['reference'] }),
      ProviderSettlementBatch: staff(...readers),
      UnappliedReceipt: recordFields({ staff: readers, memberOf: (r: UnappliedReceipt) => r.memberId, forMembers: false }, { personal: ['payerPhone'] }),
    },
  };
}

/** Replays the notifications that failed processing or matched no request yet, from their stored bodies. */
export function providerNotificationReplayJob(config: ProviderConfig): ScheduledJob<FinanceServices> {
  return {
    name: 'finance.providers.replay-notifications',
    everyMs: config.notificationReplayJobMs,
    run: async (services) => {
      await services.providerPayments.replayNotifications(config.notificationReplayMaxAttempts);
    },
  };
}

/** Builds the provider payout batches that have come due, for every provider. */
export function providerSettlementJob(config: ProviderConfig): ScheduledJob<FinanceServices> {
  return {
    name: 'finance.providers.settle',
    everyMs: config.settlementJobMs,
    run: async (services) => {
      for (const provider of Object.values(ProviderName)) await services.providerPayouts.runSettlement(provider, 'system:provider-settlement');
    },
  };
}
