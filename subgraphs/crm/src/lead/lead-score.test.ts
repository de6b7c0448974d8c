import { LeadSource, ProductInterest } from './lead.entity';
import { gradeOf, scoreLead, type LeadFacts } from './lead-score';

const facts = (overrides: Partial<LeadFacts> = {}): LeadFacts => ({
  source: LeadSource.WEBSITE,
  employeeCount: 25,
  productInterest: ProductInterest.ESSENTIAL,
  budgetMinor: null,
  currency: 'KES',
  lastContactedOn: null,
  regionCovered: true,
  region: 'Nairobi',
  asOf: '2026-11-20',
  ...overrides,
});
const points = (f: LeadFacts) => Object.fromEntries(scoreLead(f).signals.map((s) => [s.signal, s.points]));

describe('scoreLead', () => {
  it('adds up explained signals: website 10, small group 10, no budget 0, not contacted 0, covered 10', () => {
    const score = scoreLead(facts());
    expect(score.total).toBe(30);
    expect(score.grade).toBe('C');
    expect(score.signals).toEqual([
      { signal: 'SOURCE', points: 10, reason: 'Came in as website' },
      { signal: 'GROUP_SIZE', points: 10, reason: '25 people to cover: a small group (10-49)' },
      { signal: 'BUDGET_FIT', points: 0, reason: 'No budget given yet' },
      { signal: 'ENGAGEMENT', points: 0, reason: 'Not contacted yet' },
      { signal: 'TERRITORY', points: 10, reason: 'Nairobi is covered by a sales territory' },
    ]);
  });

  it('gives a referral 25 and a cold call 5', () => {
    expect(points(facts({ source: LeadSource.REFERRAL })).SOURCE).toBe(25);
    expect(points(facts({ source: LeadSource.COLD_CALL })).SOURCE).toBe(5);
  });

  it('bands group size: 1-9 → 5, 10-49 → 10, 50-199 → 15, 200+ → 20', () => {
    expect([1, 9, 10, 49, 50, 199, 200].map((employeeCount) => points(facts({ employeeCount })).GROUP_SIZE)).toEqual([5, 5, 10, 10, 15, 15, 20]);
  });

  it('compares the budget with the indicative price of the product for the group', () => {
    // 10 people on ESSENTIAL: 216,000.00 KES a year.
    const ten = (budgetMinor: number) => points(facts({ employeeCount: 10, budgetMinor })).BUDGET_FIT;
    expect(ten(21_600_000)).toBe(20);
    expect(ten(16_200_000)).toBe(10); // exactly 75%
    expect(ten(16_199_999)).toBe(0);
    expect(ten(10_800_000)).toBe(0); // exactly half
    expect(ten(10_799_999)).toBe(-10);
  });

  it('rewards recent contact and marks down leads gone cold', () => {
    expect(points(facts({ lastContactedOn: '2026-11-13' })).ENGAGEMENT).toBe(15);
    expect(points(facts({ lastContactedOn: '2026-10-21' })).ENGAGEMENT).toBe(8);
    expect(points(facts({ lastContactedOn: '2026-09-01' })).ENGAGEMENT).toBe(0);
    expect(points(facts({ lastContactedOn: '2026-08-21' })).ENGAGEMENT).toBe(-10);
  });

  it('marks down a county no territory covers', () => {
    const signal = scoreLead(facts({ regionCovered: false, region: 'Turkana' })).signals.find((s) => s.signal === 'TERRITORY');
    expect(signal).toEqual({ signal: 'TERRITORY', points: -5, reason: 'No sales territory covers Turkana' });
  });

  it('caps the total at 0 and 100', () => {
    const best = scoreLead(facts({ source: LeadSource.REFERRAL, employeeCount: 300, budgetMinor: 10_000_000_000, lastContactedOn: '2026-11-20' }));
    expect(best.total).toBe(90);
    const worst = scoreLead(facts({ source: LeadSource.COLD_CALL, employeeCount: 1, budgetMinor: 0, lastContactedOn: '2025-01-01', regionCovered: false }));
    expect(worst.signals.reduce((sum, s) => sum + s.points, 0)).toBe(-15);
    expect(worst.total).toBe(0);
    expect(worst.grade).toBe('D');
  });

  it('grades A from 75, B from 50, C from 25', () => {
    expect([100, 75, 74, 50, 49, 25, 24, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });
});
