import { FinancePrivacyService } from './privacy/member-export.service';
import { readProviderConfig, type ProviderConfig } from './providers/provider.config';
import { createProviderServices } from './providers/provider.services';
import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import type { FinanceConfig } from './config';
import { InvoiceService } from './invoice/invoice.service';
import { LedgerService } from './ledger/ledger.service';
import { PaymentService } from './payment/payment.service';
import { SettlementService } from './settlement/settlement.service';
import { BillingService } from './billing/billing.service';
import { CommissionService } from './commission/commission.service';
import { configureFunctionalCurrency, FxService } from './fx/fx.service';
import { ReportsService } from './reports/reports.service';
import { TokenPurchaseService } from './token-purchase/token-purchase.service';

export function createFinanceServices(
  dataSource: DataSource,
  config: FinanceConfig,
  clock: Clock = systemClock,
  logger: Logger = createLogger({ service: 'finance' }),
  providerConfig: ProviderConfig = readProviderConfig(),
) {
  configureFunctionalCurrency(config.functionalCurrency);
  return {
    privacy: new FinancePrivacyService(dataSource),
    ...createProviderServices(dataSource, providerConfig, clock, logger),
    clock,
    invoices: new InvoiceService(
      dataSource,
      { vatRateBps: config.vatRateBps, paymentTermsDays: config.paymentTermsDays, gracePeriodDays: config.gracePeriodDays },
      clock,
    ),
    payments: new PaymentService(dataSource, clock),
    ledger: new LedgerService(dataSource),
    settlements: new SettlementService(dataSource, clock, logger),
    billing: new BillingService(
      dataSource,
      { vatRateBps: config.vatRateBps, paymentTermsDays: config.paymentTermsDays, leadDays: config.billingLeadDays },
      clock,
      logger,
    ),
    tokenPurchases: new TokenPurchaseService({ vatRateBps: config.tokenVatRateBps, paymentTermsDays: config.paymentTermsDays }, clock, logger),
    commissions: new CommissionService(dataSource, clock, logger),
    fx: new FxService(dataSource, config.functionalCurrency),
    reports: new ReportsService(dataSource),
  };
}

export type FinanceServices = ReturnType<typeof createFinanceServices>;
