import { SeededRandom } from '../../../../kit/seeded-random';
import { PaymentMethod } from '../payment/payment.entity';
import { invoiceAmounts } from '../invoice/invoice.rules';
import { JournalSourceType } from './journal-entry.entity';
import { LedgerAccountType, LedgerSide } from './ledger-account.entity';
import {
  ACCOUNTS,
  accountBalance,
  buildPosting,
  invoicePosting,
  invoiceVoidPosting,
  normalSide,
  paymentPosting,
  receivingAccountFor,
  trialBalanceRows,
  UnbalancedPostingError,
  type Posting,
  type PostingLine,
} from './ledger.rules';

const invoice = (netMinor: number, vatRateBps: number) => ({
  id: 'invoice-1',
  invoiceNumber: 'INV-2026-000001',
  billedMemberId: 'member-1',
  issueDate: '2026-03-01',
  currency: 'KES',
  ...invoiceAmounts(netMinor, vatRateBps),
});

const summary = (posting: Posting) => posting.lines.map((l) => [l.account, l.debitMinor, l.creditMinor]);

function sides(posting: Posting) {
  return posting.lines.reduce((t, l) => ({ debit: t.debit + l.debitMinor, credit: t.credit + l.creditMinor }), { debit: 0, credit: 0 });
}

const draft = (lines: PostingLine[]) => ({
  entryDate: '2026-03-01',
  description: 'test',
  sourceType: JournalSourceType.PAYMENT,
  sourceId: 'x',
  lines,
});
const line = (account: PostingLine['account'], debitMinor: number, creditMinor: number, currency = 'KES'): PostingLine => ({
  account,
  debitMinor,
  creditMinor,
  currency,
});

describe('posting construction', () => {
  it('posts an exempt invoice as Dr receivable / Cr premium income for the member', () => {
    const posting = invoicePosting(invoice(450_000, 0));
    expect(summary(posting)).toEqual([
      [ACCOUNTS.PREMIUMS_RECEIVABLE, 450_000, 0],
      [ACCOUNTS.PREMIUM_INCOME, 0, 450_000],
    ]);
    expect(posting.lines.every((l) => l.memberId === 'member-1')).toBe(true);
    expect(posting).toMatchObject({ sourceType: JournalSourceType.PREMIUM_INVOICE, sourceId: 'invoice-1', entryDate: '2026-03-01' });
  });

  it('credits VAT payable with the VAT of a taxed invoice', () => {
    expect(summary(invoicePosting(invoice(450_000, 1600)))).toEqual([
      [ACCOUNTS.PREMIUMS_RECEIVABLE, 522_000, 0],
      [ACCOUNTS.PREMIUM_INCOME, 0, 450_000],
      [ACCOUNTS.VAT_PAYABLE, 0, 72_000],
    ]);
  });

  it('reverses an invoice exactly when it is voided, pointing at the original entry', () => {
    const raised = invoicePosting(invoice(123_457, 1600));
    const voided = invoiceVoidPosting(invoice(123_457, 1600), '2026-03-09', 'entry-1');
    expect(voided.reversesEntryId).toBe('entry-1');
    expect(voided.sourceType).toBe(JournalSourceType.INVOICE_VOID);
    const net = new Map<string, number>();
    for (const l of [...raised.lines, ...voided.lines]) net.set(l.account, (net.get(l.account) ?? 0) + l.debitMinor - l.creditMinor);
    expect([...net.values()].every((v) => v === 0)).toBe(true);
  });

  it('debits the account each payment method lands in and credits the receivable', () => {
    const expected: [PaymentMethod, string][] = [
      [PaymentMethod.MPESA, ACCOUNTS.MPESA_CLEARING],
      [PaymentMethod.CARD, ACCOUNTS.CARD_CLEARING],
      [PaymentMethod.PAYPAL, ACCOUNTS.PAYPAL_CLEARING],
      [PaymentMethod.BANK_TRANSFER, ACCOUNTS.BANK],
    ];
    for (const [method, account] of expected) {
      expect(receivingAccountFor(method)).toBe(account);
      const posting = paymentPosting({
        id: 'p',
        paymentNumber: 'PAY-2026-000001',
        invoiceNumber: 'INV-2026-000001',
        memberId: 'member-1',
        method,
        externalReference: 'UCA1B2C3D4',
        receivedOn: '2026-03-04',
        currency: 'KES',
        amountMinor: 150_000,
      });
      expect(summary(posting)).toEqual([
        [account, 150_000, 0],
        [ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 150_000],
      ]);
    }
  });

  it('balances every posting built from any premium, VAT rate and payment', () => {
    const random = new SeededRandom('finance-posting-property');
    for (let i = 0; i < 500; i += 1) {
      const facts = invoice(random.int(1, 50_000_000), random.pick([0, 800, 1600, 1650, 3333, 10_000]));
      for (const posting of [invoicePosting(facts), invoiceVoidPosting(facts, '2026-03-02', null)]) {
        const { debit, credit } = sides(posting);
        expect(debit).toBe(credit);
        expect(debit).toBe(facts.totalMinor);
      }
    }
  });
});

describe('the posting builder refuses what breaks double entry', () => {
  it('refuses debits that do not equal credits', () => {
    expect(() => buildPosting(draft([line(ACCOUNTS.BANK, 100, 0), line(ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 99)]))).toThrow(UnbalancedPostingError);
  });

  it('refuses a single line, a zero line, a two-sided line, negative and fractional amounts', () => {
    expect(() => buildPosting(draft([line(ACCOUNTS.BANK, 100, 0)]))).toThrow(/at least two lines/);
    const bad: PostingLine[] = [
      line(ACCOUNTS.BANK, 0, 0),
      line(ACCOUNTS.BANK, 100, 100),
      line(ACCOUNTS.BANK, -100, 0),
      line(ACCOUNTS.BANK, 10.5, 0),
    ];
    for (const wrong of bad) {
      expect(() => buildPosting(draft([wrong, line(ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 100)]))).toThrow(UnbalancedPostingError);
    }
  });

  it('balances each currency on its own', () => {
    expect(() =>
      buildPosting(draft([line(ACCOUNTS.BANK, 100, 0, 'KES'), line(ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 100, 'USD')])),
    ).toThrow(/in KES do not balance/);
    const posting = buildPosting(
      draft([
        line(ACCOUNTS.BANK, 100, 0, 'KES'),
        line(ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 100, 'KES'),
        line(ACCOUNTS.BANK, 7, 0, 'USD'),
        line(ACCOUNTS.PREMIUMS_RECEIVABLE, 0, 7, 'USD'),
      ]),
    );
    expect(posting.lines).toHaveLength(4);
    expect(Object.isFrozen(posting)).toBe(true);
  });
});

describe('balances', () => {
  it('reads each account on its normal side', () => {
    expect(normalSide(LedgerAccountType.ASSET)).toBe(LedgerSide.DEBIT);
    expect(normalSide(LedgerAccountType.EXPENSE)).toBe(LedgerSide.DEBIT);
    expect(normalSide(LedgerAccountType.INCOME)).toBe(LedgerSide.CREDIT);
    expect(accountBalance(LedgerAccountType.ASSET, 500, 200)).toBe(300);
    expect(accountBalance(LedgerAccountType.LIABILITY, 500, 200)).toBe(-300);
  });

  it('puts each account\'s net balance in one column of the trial balance', () => {
    const { rows, totalDebitMinor, totalCreditMinor } = trialBalanceRows([
      { code: '1100', debitMinor: 900, creditMinor: 400 },
      { code: '1010', debitMinor: 400, creditMinor: 0 },
      { code: '4000', debitMinor: 0, creditMinor: 900 },
      { code: '2000', debitMinor: 0, creditMinor: 0 },
    ]);
    expect(rows).toEqual([
      { code: '1100', debitMinor: 500, creditMinor: 0 },
      { code: '1010', debitMinor: 400, creditMinor: 0 },
      { code: '4000', debitMinor: 0, creditMinor: 900 },
      { code: '2000', debitMinor: 0, creditMinor: 0 },
    ]);
    expect(totalDebitMinor).toBe(900);
    expect(totalCreditMinor).toBe(900);
  });
});
