import type { DataSource } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import type { Logger } from '../../../../kit/logger';
import { BankStatementService } from './bank-statement/bank-statement.service';
import { DisputeService } from './dispute/dispute.service';
import { ProviderPayoutService } from './payout/payout.service';
import type { ProviderConfig } from './provider.config';
import { createProviderAdapters, ProviderPaymentService } from './provider.service';
import { RefundService } from './refund/refund.service';
import { UnappliedReceiptService } from './unapplied/unapplied-receipt.service';

/** The services of payment providers, refunds, disputes, bank statements and provider payouts. */
export function createProviderServices(dataSource: DataSource, config: ProviderConfig, clock: Clock, logger: Logger) {
  const adapters = createProviderAdapters(config, clock);
  return {
    providerPayments: new ProviderPaymentService(dataSource, adapters, clock, logger, { pendingIntentMinutes: config.pendingIntentMinutes, providerTimeoutMs: config.providerTimeoutMs }),
    refunds: new RefundService(dataSource, adapters, clock, logger),
    unappliedReceipts: new UnappliedReceiptService(dataSource, clock),
    disputes: new DisputeService(dataSource),
    bankStatements: new BankStatementService(dataSource, clock),
    providerPayouts: new ProviderPayoutService(dataSource, config, clock, logger),
  };
}
