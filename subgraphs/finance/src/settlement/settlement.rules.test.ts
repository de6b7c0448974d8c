import { settlementPosting, settlementReversalPosting } from '../ledger/ledger.rules';
import { formatSettlementNumber, planSettlement, settlementBatchDate, type ClaimDecided } from './settlement.rules';

const PROVIDER = '33333333-3333-4333-8333-333333333333';
const MEMBER = '44444444-4444-4444-8444-444444444444';

const decision = (overrides: Partial<ClaimDecided> = {}): ClaimDecided => ({
  claimId: '55555555-5555-4555-8555-555555555555',
  claimNumber: 'CLM-2026-000042',
  memberId: MEMBER,
  providerId: PROVIDER,
  decision: 'APPROVED',
  currency: 'KES',
  payableMinor: 800_000,
  memberResponsibilityMinor: 0,
  decidedAt: '2026-03-04T21:30:00.000Z',
  ...overrides,
});

describe('planning a settlement', () => {
  it('settles an approved or partly approved claim on the business day it was decided', () => {
    // 21:30 UTC on 4 March is already 5 March in Nairobi (a Thursday): the batch is Friday 6 March.
    expect(planSettlement(decision())).toMatchObject({ kind: 'POST', amountMinor: 800_000, currency: 'KES', providerId: PROVIDER, memberId: MEMBER, decidedOn: '2026-03-05', batchDate: '2026-03-06' });
    expect(planSettlement(decision({ decision: 'PARTIALLY_APPROVED' })).kind).toBe('POST');
  });

  it('settles nothing for a claim that pays nothing', () => {
    expect(planSettlement(decision({ decision: 'DENIED' })).kind).toBe('IGNORE');
    expect(planSettlement(decision({ decision: 'PENDED' })).kind).toBe('IGNORE');
    expect(planSettlement(decision({ payableMinor: 0 })).kind).toBe('IGNORE');
  });

  it('rejects what cannot be posted, saying why', () => {
    expect(planSettlement(decision({ payableMinor: -1 }))).toEqual({ kind: 'REJECT', reason: 'the payable amount -1 is not a positive whole number of minor units' });
    expect(planSettlement(decision({ payableMinor: 10.5 }))).toMatchObject({ kind: 'REJECT' });
    expect(planSettlement(decision({ currency: 'XXX' }))).toMatchObject({ kind: 'REJECT', reason: expect.stringMatching(/^currency XXX is not supported/) });
    expect(planSettlement(decision({ providerId: 'P-1' }))).toMatchObject({ kind: 'REJECT', reason: expect.stringMatching(/no valid provider/) });
    expect(planSettlement(decision({ decidedAt: 'yesterday' }))).toMatchObject({ kind: 'REJECT', reason: expect.stringMatching(/not a timestamp/) });
  });

  it('pays each week\'s settlements on the Friday after', () => {
    expect(settlementBatchDate('2026-03-02')).toBe('2026-03-06'); // Monday
    expect(settlementBatchDate('2026-03-05')).toBe('2026-03-06'); // Thursday
    expect(settlementBatchDate('2026-03-06')).toBe('2026-03-13'); // Friday: the next batch
    expect(settlementBatchDate('2026-03-07')).toBe('2026-03-13'); // Saturday
    expect(formatSettlementNumber('2026-03-05', 42)).toBe('STL-2026-000042');
  });
});

describe('settlement postings', () => {
  const facts = { id: 's-1', settlementNumber: 'STL-2026-000001', claimNumber: 'CLM-1', memberId: MEMBER, providerId: PROVIDER, currency: 'KES', amountMinor: 800_000 };

  it('books Dr Claims expense / Cr Claims payable, and reverses it exactly', () => {
    const posting = settlementPosting(facts, '2026-03-05');
    expect(posting.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.memberId, l.providerId])).toEqual([
      ['5000', 800_000, 0, MEMBER, PROVIDER],
      ['2000', 0, 800_000, MEMBER, PROVIDER],
    ]);
    const reversal = settlementReversalPosting(facts, '2026-03-20', 'entry-1');
    expect(reversal).toMatchObject({ reversesEntryId: 'entry-1', entryDate: '2026-03-20', sourceId: 's-1' });
    expect(reversal.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
      ['2000', 800_000, 0],
      ['5000', 0, 800_000],
    ]);
  });
});
