import { Violations } from '../../../../kit/errors';
import { invoiceNumberIn, noonIn, parseCsv, parseStatementCsv } from './bank-statement/bank-statement.rules';
import { darajaTimestamp, parseDarajaTimestamp, parseStkCallback, stkPassword, wholeShillings } from './mpesa/mpesa.rules';
import { addBusinessDays, feeMinor, planBatches } from './payout/payout.rules';
import { NotificationReason } from './provider';
import { readProviderConfig } from './provider.config';
import { disputePosting, payoutPosting, refundPosting } from './provider.postings';
import { PaymentMethod } from '../payment/payment.entity';
import { checkRefundAmount } from './refund/refund.rules';
import { stripeSignatureHeader, verifyStripeSignature } from './stripe/stripe.signature';
import { stripeFact } from './stripe/stripe.adapter';
import { paypalFact } from './paypal/paypal.adapter';

describe('Stripe signatures', () => {
  const secret = 'whsec_test';
  const body = Buffer.from('{"id":"evt_1","type":"payment_intent.succeeded"}');
  const now = 1_800_000_000;

  it('accepts the signature Stripe computes over the exact bytes, among several v1 values', () => {
    const header = stripeSignatureHeader(secret, now, body);
    expect(verifyStripeSignature(header, body, secret, now, 300)).toEqual({ ok: true, timestamp: now });
    const rolled = `t=${now},v1=${'0'.repeat(64)},${header.split(',')[1]}`;
    expect(verifyStripeSignature(rolled, body, secret, now, 300).ok).toBe(true);
  });

  it('refuses another secret, altered bytes, a missing header and a timestamp outside the tolerance', () => {
    const header = stripeSignatureHeader(secret, now, body);
    expect(verifyStripeSignature(stripeSignatureHeader('whsec_other', now, body), body, secret, now, 300)).toMatchObject({ ok: false, reason: NotificationReason.BAD_SIGNATURE });
    expect(verifyStripeSignature(header, Buffer.from(`${body} `), secret, now, 300)).toMatchObject({ ok: false, reason: NotificationReason.BAD_SIGNATURE });
    expect(verifyStripeSignature(undefined, body, secret, now, 300)).toMatchObject({ ok: false, reason: NotificationReason.BAD_SIGNATURE });
    expect(verifyStripeSignature(`t=${now}`, body, secret, now, 300)).toMatchObject({ ok: false, reason: NotificationReason.BAD_SIGNATURE });
    expect(verifyStripeSignature(header, body, secret, now + 301, 300)).toMatchObject({ ok: false, reason: NotificationReason.STALE_TIMESTAMP });
    expect(verifyStripeSignature(header, body, secret, now + 300, 300).ok).toBe(true);
  });

  it('reads dispute closings by their status', () => {
    const closed = (status: string) => stripeFact({ id: 'evt', type: 'charge.dispute.closed', data: { object: { id: 'dp', amount: 100, currency: 'kes', payment_intent: 'pi', status } } }, new Date());
    expect(closed('won').kind).toBe('DISPUTE_WON');
    expect(closed('lost').kind).toBe('DISPUTE_LOST');
    expect(closed('warning_closed').kind).toBe('IGNORED');
  });
});

describe('Daraja rules', () => {
  it('writes and reads timestamps in East Africa Time and builds the STK password', () => {
    const at = new Date('2026-03-01T21:30:05Z');
    expect(darajaTimestamp(at)).toBe('20260302003005');
    expect(parseDarajaTimestamp(20260302003005)).toEqual(at);
    expect(parseDarajaTimestamp('2026-03-02')).toBeNull();
    expect(stkPassword('174379', 'passkey', '20260302003005')).toBe(Buffer.from('174379passkey20260302003005').toString('base64'));
  });

  it('takes whole shillings only', () => {
    expect(wholeShillings(450_000, 'KES')).toBe(4500);
    expect(wholeShillings(450_050, 'KES')).toBeNull();
    expect(wholeShillings(450_000, 'USD')).toBeNull();
  });

  it('parses a successful and a cancelled callback, and refuses a callback without a receipt', () => {
    const ok = parseStkCallback(
      JSON.stringify({
        Body: {
          stkCallback: {
            MerchantRequestID: 'm1',
            CheckoutRequestID: 'ws_CO_1',
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: { Item: [{ Name: 'Amount', Value: 4500 }, { Name: 'MpesaReceiptNumber', Value: 'SKL3H7XQ2P' }, { Name: 'TransactionDate', Value: 20260302003005 }, { Name: 'PhoneNumber', Value: 254712345678 }] },
          },
        },
      }),
    );
    expect(ok).toMatchObject({ ok: true, fact: { kind: 'PAYMENT_COMPLETED', eventId: 'ws_CO_1', externalReference: 'SKL3H7XQ2P', amountMinor: 450_000, currency: 'KES', payerPhone: '+254712345678' } });
    const cancelled = parseStkCallback(JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_2', ResultCode: 1032, ResultDesc: 'Request cancelled by user' } } }));
    expect(cancelled).toMatchObject({ ok: true, fact: { kind: 'PAYMENT_FAILED', reason: '1032: Request cancelled by user' } });
    const noReceipt = parseStkCallback(JSON.stringify({ Body: { stkCallback: { CheckoutRequestID: 'ws_CO_3', ResultCode: 0, CallbackMetadata: { Item: [{ Name: 'Amount', Value: 1 }] } } } }));
    expect(noReceipt).toMatchObject({ ok: false, reason: NotificationReason.MALFORMED, eventId: 'ws_CO_3' });
    expect(parseStkCallback('not json')).toMatchObject({ ok: false, reason: NotificationReason.MALFORMED });
  });
});

describe('PayPal facts', () => {
  it('reads a refund\'s capture from its up link and a dispute\'s outcome', () => {
    const refund = paypalFact({
      id: 'WH-1',
      event_type: 'PAYMENT.CAPTURE.REFUNDED',
      resource: { id: 'R1', amount: { currency_code: 'KES', value: '10.00' }, links: [{ rel: 'up', href: 'https://api-m.paypal.com/v2/payments/captures/CAP1' }] },
    });
    expect(refund).toMatchObject({ kind: 'REFUNDED', externalReference: 'CAP1', totalRefundedMinor: 1000 });
    const resolved = paypalFact({
      id: 'WH-2',
      event_type: 'CUSTOMER.DISPUTE.RESOLVED',
      resource: { dispute_id: 'PP-D-1', disputed_transactions: [{ seller_transaction_id: 'CAP1' }], dispute_amount: { currency_code: 'KES', value: '10.00' }, dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' } },
    });
    expect(resolved).toMatchObject({ kind: 'DISPUTE_WON', disputeId: 'PP-D-1', amountMinor: 1000 });
  });
});

describe('PayPal dispute outcomes', () => {
  const resolved = (outcome_code: string | undefined) =>
    paypalFact({
      id: 'WH-3',
      event_type: 'CUSTOMER.DISPUTE.RESOLVED',
      resource: {
        dispute_id: 'PP-D-2',
        disputed_transactions: [{ seller_transaction_id: 'CAP2' }],
        dispute_amount: { currency_code: 'KES', value: '10.00' },
        ...(outcome_code ? { dispute_outcome: { outcome_code } } : {}),
      },
    });

  it('maps each closing outcome explicitly, and leaves any other alone with a reason', () => {
    expect(resolved('RESOLVED_BUYER_FAVOUR').kind).toBe('DISPUTE_LOST');
    for (const won of ['RESOLVED_SELLER_FAVOUR', 'CANCELED_BY_BUYER', 'DENIED']) expect(resolved(won).kind).toBe('DISPUTE_WON');
    expect(resolved('ACCEPTED')).toEqual({ kind: 'IGNORED', eventId: 'WH-3', eventType: 'CUSTOMER.DISPUTE.RESOLVED:ACCEPTED', detail: 'dispute outcome ACCEPTED' });
    expect(resolved(undefined)).toMatchObject({ kind: 'IGNORED', detail: 'dispute outcome missing' });
  });
});

describe('bank statement dates', () => {
  it('are noon of the booking day in the business time zone, whatever its offset', () => {
    expect(noonIn('2026-03-05', 'Africa/Nairobi').toISOString()).toBe('2026-03-05T09:00:00.000Z');
    expect(noonIn('2026-07-01', 'Europe/London').toISOString()).toBe('2026-07-01T11:00:00.000Z');
    expect(noonIn('2026-01-15', 'America/New_York').toISOString()).toBe('2026-01-15T17:00:00.000Z');
  });
});

describe('refund amounts', () => {
  const payment = { amountMinor: 450_000, currency: 'KES', paymentNumber: 'PAY-2026-000001' };

  it('defaults to everything still refundable and allows up to it', () => {
    expect(checkRefundAmount(null, payment, 100_000, new Violations())).toBe(350_000);
    expect(checkRefundAmount({ minor: 350_000, currency: 'KES' }, payment, 100_000, new Violations())).toBe(350_000);
  });

  it('refuses more than refundable, another currency, and a fully reversed payment', () => {
    const tooMuch = new Violations();
    checkRefundAmount({ minor: 350_001, currency: 'KES' }, payment, 100_000, tooMuch);
    expect(() => tooMuch.throwIfAny()).toThrow(/amount: is more than the 3500.00 KES still refundable/);
    const currency = new Violations();
    checkRefundAmount({ minor: 1, currency: 'USD' }, payment, 0, currency);
    expect(() => currency.throwIfAny()).toThrow(/amount.currency/);
    const none = new Violations();
    checkRefundAmount(null, payment, 450_000, none);
    expect(() => none.throwIfAny()).toThrow(/paymentId: payment PAY-2026-000001 has nothing left to refund/);
  });
});

describe('provider postings', () => {
  it('balance, and take from the method\'s clearing account', () => {
    const refund = refundPosting({ id: 'r', refundNumber: 'RFD', paymentNumber: 'PAY', invoiceNumber: 'INV', memberId: null, method: PaymentMethod.PAYPAL, currency: 'KES', amountMinor: 500, refundedOn: '2026-03-01' });
    expect(refund.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['1100', 500, 0], ['1030', 0, 500]]);
    const dispute = { id: 'd', providerDisputeId: 'dp', paymentNumber: 'PAY', memberId: null, method: PaymentMethod.CARD, currency: 'KES', amountMinor: 700 };
    expect(disputePosting(dispute, 'WON', '2026-03-02', 'entry-1')).toMatchObject({ reversesEntryId: 'entry-1' });
    expect(disputePosting(dispute, 'LOST', '2026-03-02').lines.map((l) => l.account)).toEqual(['1100', '1040']);
  });

  it('pays out gross less fees to the bank, and reverses the direction when refunds exceed payments', () => {
    const base = { batchId: 'b', provider: 'STRIPE', method: PaymentMethod.CARD, currency: 'KES', payoutDate: '2026-03-04' };
    expect(payoutPosting({ ...base, grossMinor: 10_000, feesMinor: 290 })!.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
      ['1000', 9_710, 0],
      ['5100', 290, 0],
      ['1020', 0, 10_000],
    ]);
    expect(payoutPosting({ ...base, grossMinor: -500, feesMinor: 0 })!.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
      ['1000', 0, 500],
      ['1020', 500, 0],
    ]);
    expect(payoutPosting({ ...base, grossMinor: 0, feesMinor: 0 })).toBeNull();
  });
});

const NOTHING_ELSE = { receiptIds: [], heldDisputeIds: [], releasedDisputeIds: [] };

describe('settlement windows', () => {
  it('counts business days and rounds fees half-even', () => {
    expect(addBusinessDays('2026-03-05', 2)).toBe('2026-03-09'); // Thursday + 2 business days = Monday
    expect(addBusinessDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday + 1 = Monday
    expect(feeMinor(10_050, { feeBps: 290, fixedFeeMinor: 0 })).toBe(291);
    expect(feeMinor(10_000, { feeBps: 0, fixedFeeMinor: 30 })).toBe(30);
  });

  it('plans one batch per due day and currency, net of refunds, and leaves days not yet due', () => {
    const terms = { window: 'DAILY' as const, delayBusinessDays: 2, feeBps: 100, fixedFeeMinor: 0 };
    const items = [
      { id: 'p1', kind: 'PAYMENT' as const, amountMinor: 10_000, currency: 'KES', day: '2026-03-02' },
      { id: 'p2', kind: 'PAYMENT' as const, amountMinor: 5_000, currency: 'KES', day: '2026-03-02' },
      { id: 'r1', kind: 'REFUND' as const, amountMinor: 1_000, currency: 'KES', day: '2026-03-02' },
      { id: 'p3', kind: 'PAYMENT' as const, amountMinor: 7_000, currency: 'KES', day: '2026-03-03' },
    ];
    expect(planBatches(items, terms, '2026-03-04')).toEqual([
      { day: '2026-03-02', currency: 'KES', paymentIds: ['p1', 'p2'], refundIds: ['r1'], grossMinor: 14_000, feesMinor: 150, payoutDate: '2026-03-04', ...NOTHING_ELSE },
    ]);
    expect(planBatches(items, { ...terms, window: 'ON_DEMAND' }, '2026-03-04')).toEqual([
      { day: null, currency: 'KES', paymentIds: ['p1', 'p2', 'p3'], refundIds: ['r1'], grossMinor: 21_000, feesMinor: 220, payoutDate: '2026-03-04', ...NOTHING_ELSE },
    ]);
  });

  it('nets chargebacks held and released, and unapplied receipts, into the batch', () => {
    const terms = { window: 'ON_DEMAND' as const, delayBusinessDays: 0, feeBps: 100, fixedFeeMinor: 0 };
    const items = [
      { id: 'p1', kind: 'PAYMENT' as const, amountMinor: 10_000, currency: 'KES', day: '2026-03-02' },
      { id: 'u1', kind: 'RECEIPT' as const, amountMinor: 2_000, currency: 'KES', day: '2026-03-02' },
      { id: 'd1', kind: 'DISPUTE_HELD' as const, amountMinor: 4_000, currency: 'KES', day: '2026-03-02' },
      { id: 'd2', kind: 'DISPUTE_RELEASED' as const, amountMinor: 1_000, currency: 'KES', day: '2026-03-03' },
    ];
    expect(planBatches(items, terms, '2026-03-04')).toEqual([
      {
        day: null,
        currency: 'KES',
        paymentIds: ['p1'],
        receiptIds: ['u1'],
        refundIds: [],
        heldDisputeIds: ['d1'],
        releasedDisputeIds: ['d2'],
        grossMinor: 10_000 + 2_000 - 4_000 + 1_000,
        feesMinor: 120,
        payoutDate: '2026-03-04',
      },
    ]);
  });
});

describe('bank statement CSV', () => {
  it('reads quoted fields, any column order and signed amounts, and reports a bad line without throwing', () => {
    expect(parseCsv('a,"b, c","d ""e"""\r\n1,2,3')).toEqual([['a', 'b, c', 'd "e"'], ['1', '2', '3']]);
    const lines = parseStatementCsv('bank_transaction_id,Date,Amount,Currency,Reference\nFT1,2026-03-01,"1,500.00",KES,INV-2026-000001\nFT2,2026-03-01,abc,KES,x\n');
    expect(lines[0]).toMatchObject({ lineNumber: 2, bookedOn: '2026-03-01', amountMinor: 150_000, currency: 'KES', bankTransactionId: 'FT1', problem: null });
    expect(lines[1]).toMatchObject({ lineNumber: 3, problem: expect.stringContaining('not a decimal') });
    expect(() => parseStatementCsv('date,amount\n')).toThrow(/lacks reference, currency, bank_transaction_id/);
  });

  it('finds the invoice number however the payer wrote it', () => {
    expect(invoiceNumberIn('premium inv 2026 000123 thanks')).toBe('INV-2026-000123');
    expect(invoiceNumberIn('INV-2026-000123')).toBe('INV-2026-000123');
    expect(invoiceNumberIn('INV-2026-0001234')).toBeNull();
    expect(invoiceNumberIn('March premium')).toBeNull();
  });
});

describe('provider settings', () => {
  it('disables a provider without credentials and refuses half a configuration, naming the variables', () => {
    expect(readProviderConfig({})).toMatchObject({ mpesa: null, stripe: null, paypal: null, webhookToleranceSeconds: 300 });
    expect(() => readProviderConfig({ FINANCE_STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow(/FINANCE_STRIPE_WEBHOOK_SECRET is required/);
    expect(() =>
      readProviderConfig({
        FINANCE_MPESA_CONSUMER_KEY: 'k',
        FINANCE_MPESA_CONSUMER_SECRET: 's',
        FINANCE_MPESA_SHORTCODE: '174379',
        FINANCE_MPESA_PASSKEY: 'p',
        FINANCE_MPESA_CALLBACK_SECRET: 'short',
        FINANCE_MPESA_CALLBACK_BASE_URL: 'https://api.example.com',
      }),
    ).toThrow(/FINANCE_MPESA_CALLBACK_SECRET must be at least 16 characters/);
    expect(readProviderConfig({ FINANCE_SETTLEMENT_STRIPE_DELAY_DAYS: '3' }).settlement.STRIPE).toMatchObject({ window: 'DAILY', delayBusinessDays: 3, feeBps: 290 });
  });
});
