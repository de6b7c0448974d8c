import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../../../kit/clock';
import type { FinanceConfig } from './config';
import { InvoiceService } from './invoice/invoice.service';
import { LedgerService } from './ledger/ledger.service';
import { PaymentService } from './payment/payment.service';

export function createFinanceServices(dataSource: DataSource, config: FinanceConfig, clock: Clock = systemClock) {
  return {
    clock,
    invoices: new InvoiceService(dataSource, { vatRateBps: config.vatRateBps, paymentTermsDays: config.paymentTermsDays }, clock),
    payments: new PaymentService(dataSource, clock),
    ledger: new LedgerService(dataSource),
  };
}

export type FinanceServices = ReturnType<typeof createFinanceServices>;
