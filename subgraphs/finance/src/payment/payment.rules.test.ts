import { Violations, type ValidationError } from '../../../../kit/errors';
import { InvoiceStatus } from '../invoice/invoice.entity';
import { PaymentMethod } from './payment.entity';
import { checkPayment, formatPaymentNumber, isSamePayment, normaliseReference, type PayableInvoice } from './payment.rules';

const now = new Date('2026-03-10T09:00:00Z');
const invoice = (overrides: Partial<PayableInvoice> = {}): PayableInvoice => ({
  invoiceNumber: 'INV-2026-000007',
  status: InvoiceStatus.PARTIALLY_PAID,
  currency: 'KES',
  totalMinor: 450_000,
  amountPaidMinor: 200_000,
  ...overrides,
});
const payment = (amount: string, overrides: Record<string, unknown> = {}) => ({
  amount: { amount, currency: 'KES' },
  method: PaymentMethod.MPESA,
  externalReference: 'UCA1B2C3D4',
  receivedAt: new Date('2026-03-10T08:30:00Z'),
  ...overrides,
});

function broken(run: (v: Violations) => unknown) {
  const violations = new Violations();
  run(violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }));
  }
}

describe('payment rules', () => {
  it('accepts up to exactly what is due and normalises the payer phone', () => {
    const violations = new Violations();
    expect(checkPayment(payment('2500.00', { payerPhone: '0712 345 678' }), invoice(), now, violations)).toEqual({
      amountMinor: 250_000,
      currency: 'KES',
      payerPhone: '+254712345678',
    });
    expect(violations.any).toBe(false);
  });

  it('refuses more than the amount due, naming amount', () => {
    expect(broken((v) => checkPayment(payment('2500.01'), invoice(), now, v))).toEqual([{ field: 'amount', rule: 'NOT_MORE_THAN_DUE' }]);
  });

  it('refuses a zero amount, another currency and a time in the future', () => {
    expect(broken((v) => checkPayment(payment('0'), invoice(), now, v))).toEqual([{ field: 'amount.amount', rule: 'POSITIVE' }]);
    expect(broken((v) => checkPayment({ ...payment('10'), amount: { amount: '10', currency: 'USD' } }, invoice(), now, v))).toEqual([
      { field: 'amount.currency', rule: 'INVOICE_CURRENCY' },
    ]);
    expect(broken((v) => checkPayment(payment('10', { receivedAt: new Date('2026-03-10T10:00:00Z') }), invoice(), now, v))).toEqual([
      { field: 'receivedAt', rule: 'NOT_IN_FUTURE' },
    ]);
  });

  it('refuses payments on paid or voided invoices, naming invoiceId', () => {
    for (const status of [InvoiceStatus.PAID, InvoiceStatus.VOID]) {
      expect(broken((v) => checkPayment(payment('1'), invoice({ status }), now, v))).toEqual([{ field: 'invoiceId', rule: 'INVOICE_PAYABLE' }]);
    }
  });

  it('refuses a phone number that is not Kenyan', () => {
    expect(broken((v) => checkPayment(payment('1', { payerPhone: '+44 20 7946 0000' }), invoice(), now, v))).toEqual([
      { field: 'payerPhone', rule: 'VALID_KENYAN_PHONE' },
    ]);
  });

  it('compares M-Pesa and bank references without case or spaces, card references exactly', () => {
    expect(normaliseReference(PaymentMethod.MPESA, ' uca1 b2c3d4 ')).toBe('UCA1B2C3D4');
    expect(normaliseReference(PaymentMethod.BANK_TRANSFER, 'ft26069 xk21p')).toBe('FT26069XK21P');
    expect(normaliseReference(PaymentMethod.CARD, ' ch_3PqRsT ')).toBe('ch_3PqRsT');
  });

  it('treats a repeat as the same payment only with the same invoice and amount', () => {
    const recorded = { invoiceId: 'i1', amountMinor: 100, currency: 'KES' };
    expect(isSamePayment(recorded, { ...recorded })).toBe(true);
    expect(isSamePayment(recorded, { ...recorded, amountMinor: 101 })).toBe(false);
    expect(isSamePayment(recorded, { ...recorded, invoiceId: 'i2' })).toBe(false);
  });

  it('numbers payments by year received', () => {
    expect(formatPaymentNumber('2026-03-10', 42)).toBe('PAY-2026-000042');
  });
});
