import { InvalidTransitionError, ValidationError, Violations } from '../../../../kit/errors';
import { InvoiceStatus } from './invoice.entity';
import { amountDueMinor, checkRaise, checkVoid, creditSplit, daysOverdue, dueDateFor, formatInvoiceNumber, invoiceAmounts, isPastGrace, lastDueDatePastGrace, statusForPaid } from './invoice.rules';

const facts = (overrides: Record<string, unknown> = {}) => ({
  policyId: 'p',
  billedMemberId: 'm',
  periodStart: '2026-03-01',
  periodEnd: '2026-03-31',
  premium: { amount: '4500.00', currency: 'KES' },
  ...overrides,
});

function violationsOf(run: (v: Violations) => void) {
  const violations = new Violations();
  run(violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map(({ field, rule }) => ({ field, rule }));
  }
}

describe('invoice amounts', () => {
  it('adds no VAT at the default exempt rate', () => {
    expect(invoiceAmounts(450_000, 0)).toEqual({ netMinor: 450_000, vatRateBps: 0, vatMinor: 0, totalMinor: 450_000 });
  });

  it('charges VAT exactly at a configured rate', () => {
    expect(invoiceAmounts(450_000, 1600)).toEqual({ netMinor: 450_000, vatRateBps: 1600, vatMinor: 72_000, totalMinor: 522_000 });
    // 16% of 123.45 is 19.752: rounded to 19.75.
    expect(invoiceAmounts(12_345, 1600).vatMinor).toBe(1975);
  });

  it('rounds a half cent of VAT to the even cent', () => {
    expect(invoiceAmounts(1, 5000).vatMinor).toBe(0);
    expect(invoiceAmounts(3, 5000).vatMinor).toBe(2);
    expect(invoiceAmounts(5, 5000).vatMinor).toBe(2);
  });

  it('refuses a non-positive premium or an impossible rate', () => {
    expect(() => invoiceAmounts(0, 0)).toThrow(RangeError);
    expect(() => invoiceAmounts(100, 10_001)).toThrow(RangeError);
  });
});

describe('dates, numbers and status', () => {
  it('makes an invoice due the payment terms after issue', () => {
    expect(dueDateFor('2026-01-31', 30)).toBe('2026-03-02');
    expect(dueDateFor('2026-11-02', 14)).toBe('2026-11-16');
  });

  it('numbers invoices by year of issue and running number', () => {
    expect(formatInvoiceNumber('2026-03-01', 1)).toBe('INV-2026-000001');
    expect(formatInvoiceNumber('2027-01-05', 1_234_567)).toBe('INV-2027-1234567');
  });

  it('derives the status from what has been paid', () => {
    expect(statusForPaid(1000, 0)).toBe(InvoiceStatus.OPEN);
    expect(statusForPaid(1000, 1)).toBe(InvoiceStatus.PARTIALLY_PAID);
    expect(statusForPaid(1000, 1000)).toBe(InvoiceStatus.PAID);
  });

  it('counts credit notes towards settling an invoice, and out of what it still owes', () => {
    expect(statusForPaid(1000, 0, 400)).toBe(InvoiceStatus.OPEN);
    expect(statusForPaid(1000, 600, 300)).toBe(InvoiceStatus.PARTIALLY_PAID);
    expect(statusForPaid(1000, 600, 400)).toBe(InvoiceStatus.PAID);
    expect(statusForPaid(1000, 0, 1000)).toBe(InvoiceStatus.PAID);
    const open = { status: InvoiceStatus.PARTIALLY_PAID, totalMinor: 1000, amountPaidMinor: 600, creditedMinor: 300 };
    expect(amountDueMinor(open)).toBe(100);
    expect(daysOverdue({ ...open, dueDate: '2026-03-01' }, '2026-03-11')).toBe(10);
    expect(daysOverdue({ ...open, creditedMinor: 400, dueDate: '2026-03-01' }, '2026-03-11')).toBe(0);
  });

  it('sets a credit against what is still owed and holds the rest for the payer', () => {
    const invoice = { status: InvoiceStatus.PARTIALLY_PAID, totalMinor: 1000, amountPaidMinor: 600, creditedMinor: 100 };
    expect(creditSplit(invoice, 200)).toEqual({ appliedMinor: 200, heldMinor: 0 });
    expect(creditSplit(invoice, 500)).toEqual({ appliedMinor: 300, heldMinor: 200 });
    expect(creditSplit({ ...invoice, status: InvoiceStatus.PAID, amountPaidMinor: 1000, creditedMinor: 0 }, 500)).toEqual({ appliedMinor: 0, heldMinor: 500 });
  });

  it('counts days overdue only for unpaid invoices past their due date', () => {
    expect(daysOverdue({ status: InvoiceStatus.OPEN, dueDate: '2026-03-01' }, '2026-03-11')).toBe(10);
    expect(daysOverdue({ status: InvoiceStatus.PARTIALLY_PAID, dueDate: '2026-03-01' }, '2026-03-02')).toBe(1);
    expect(daysOverdue({ status: InvoiceStatus.OPEN, dueDate: '2026-03-01' }, '2026-03-01')).toBe(0);
    expect(daysOverdue({ status: InvoiceStatus.PAID, dueDate: '2026-03-01' }, '2026-04-01')).toBe(0);
    expect(daysOverdue({ status: InvoiceStatus.VOID, dueDate: '2026-03-01' }, '2026-04-01')).toBe(0);
  });
});

describe('raising', () => {
  it('accepts a valid premium and defaults the issue date to today', () => {
    const violations = new Violations();
    expect(checkRaise(facts({ premium: { amount: '4500.5', currency: 'kes' } }), '2026-03-05', violations)).toEqual({
      netMinor: 450_050,
      currency: 'KES',
      issueDate: '2026-03-05',
    });
    expect(violations.any).toBe(false);
  });

  it('names every broken rule', () => {
    const broken = violationsOf((v) =>
      checkRaise(facts({ premium: { amount: '0', currency: 'KES' }, periodEnd: '2026-02-01', issueDate: '2026-04-01' }), '2026-03-05', v),
    );
    expect(broken).toEqual([
      { field: 'premium.amount', rule: 'POSITIVE' },
      { field: 'periodEnd', rule: 'AFTER_PERIOD_START' },
      { field: 'issueDate', rule: 'NOT_IN_FUTURE' },
    ]);
  });

  it('refuses fractions of a cent and unknown currency codes', () => {
    expect(violationsOf((v) => checkRaise(facts({ premium: { amount: '10.005', currency: 'KES' } }), '2026-03-05', v))).toEqual([
      { field: 'premium.amount', rule: 'VALID_AMOUNT' },
    ]);
    expect(violationsOf((v) => checkRaise(facts({ premium: { amount: '10', currency: 'shilling' } }), '2026-03-05', v))).toEqual([
      { field: 'premium.currency', rule: 'CURRENCY_CODE' },
    ]);
  });

  it('refuses a period longer than a year and impossible dates', () => {
    expect(violationsOf((v) => checkRaise(facts({ periodEnd: '2027-12-31' }), '2026-03-05', v))).toEqual([
      { field: 'periodEnd', rule: 'PERIOD_AT_MOST_A_YEAR' },
    ]);
    expect(violationsOf((v) => checkRaise(facts({ periodStart: '2026-02-30' }), '2026-03-05', v))).toEqual([
      { field: 'periodStart', rule: 'VALID_DATE' },
    ]);
  });
});

describe('voiding', () => {
  const invoice = (status: InvoiceStatus, amountPaidMinor: number) => ({ status, amountPaidMinor, invoiceNumber: 'INV-2026-000001' });

  it('voids only an invoice nothing has been paid on', () => {
    expect(() => checkVoid(invoice(InvoiceStatus.OPEN, 0))).not.toThrow();
    expect(() => checkVoid(invoice(InvoiceStatus.PARTIALLY_PAID, 100))).toThrow(/has payments against it/);
    expect(() => checkVoid(invoice(InvoiceStatus.PAID, 1000))).toThrow(InvalidTransitionError);
    expect(() => checkVoid(invoice(InvoiceStatus.VOID, 0))).toThrow(/already void/);
  });

  it('refuses an invoice with credit notes against it, which a void would credit twice', () => {
    expect(() => checkVoid({ ...invoice(InvoiceStatus.OPEN, 0), creditedMinor: 100 })).toThrow(/has credit notes against it/);
  });
});

describe('grace period', () => {
  const open = { status: InvoiceStatus.OPEN, dueDate: '2026-03-31' };

  it('is past once an unpaid invoice is more than the grace period overdue', () => {
    expect(isPastGrace(open, '2026-04-30', 30)).toBe(false);
    expect(isPastGrace(open, '2026-05-01', 30)).toBe(true);
    expect(isPastGrace({ ...open, status: InvoiceStatus.PARTIALLY_PAID }, '2026-05-01', 30)).toBe(true);
    expect(isPastGrace({ ...open, status: InvoiceStatus.PAID }, '2026-09-01', 30)).toBe(false);
    expect(isPastGrace({ ...open, status: InvoiceStatus.VOID }, '2026-09-01', 30)).toBe(false);
  });

  it('finds the latest due date past grace, matching the rule', () => {
    expect(lastDueDatePastGrace('2026-05-01', 30)).toBe('2026-03-31');
    expect(isPastGrace({ ...open, dueDate: lastDueDatePastGrace('2026-05-01', 30) }, '2026-05-01', 30)).toBe(true);
    expect(isPastGrace({ ...open, dueDate: '2026-04-01' }, '2026-05-01', 30)).toBe(false);
  });
});
