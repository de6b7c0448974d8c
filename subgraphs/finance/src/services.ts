import { FinancePrivacyService } from './privacy/member-export.service';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import type { FinanceConfig } from './config';
import { InvoiceService } from './invoice/invoice.service';
import { LedgerService } from './ledger/ledger.service';
import { PaymentService } from './payment/payment.service';
import { SettlementService } from './settlement/settlement.service';

export function createFinanceServices(
  dataSource: DataSource,
  config: FinanceConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'finance' }),
) {
  return {
    privacy: new FinancePrivacyService(dataSource),
    clock,
    invoices: new InvoiceService(
      dataSource,
      { vatRateBps: config.vatRateBps, paymentTermsDays: config.paymentTermsDays, gracePeriodDays: config.gracePeriodDays },
      clock,
    ),
    payments: new PaymentService(dataSource, clock),
    ledger: new LedgerService(dataSource),
    settlements: new SettlementService(dataSource, clock, logger),
  };
}

export type FinanceServices = ReturnType<typeof createFinanceServices>;
