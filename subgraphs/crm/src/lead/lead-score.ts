import { Field, Int, ObjectType } from 'type-graphql';
import { daysBetween } from '../../../../kit/dates';
import { formatMinor } from '../../../../kit/money';
import { LeadSource, ProductInterest } from './lead.entity';

/** The facts a lead's score reads; nothing else moves it. */
export interface LeadFacts {
  source: LeadSource;
  employeeCount: number;
  productInterest: ProductInterest;
  /** Annual premium budget in minor units, when the customer named one. */
  budgetMinor: number | null;
  currency: string;
  /** The day of the last call, e-mail or meeting; null when nobody has contacted the lead yet. */
  lastContactedOn: string | null;
  /** Whether a territory covers the lead's county. */
  regionCovered: boolean;
  region: string;
  /** The day the score is worked out on (recency is measured to it). */
  asOf: string;
}

export interface ScoreSignal {
  signal: string;
  points: number;
  reason: string;
}

export interface Score {
  total: number;
  grade: string;
  signals: ScoreSignal[];
}

const SOURCE_POINTS: Record<LeadSource, number> = { REFERRAL: 25, PARTNER: 20, EVENT: 15, WEBSITE: 10, COLD_CALL: 5 };

/**
 * Indicative annual premium per covered person by product tier, in KES cents (the demo schemes'
 * base monthly rate × 12): what a budget is compared with. UNDECIDED compares with the middle tier.
 */
export const INDICATIVE_ANNUAL_PREMIUM_MINOR: Record<ProductInterest, number> = {
  ESSENTIAL: 21_600_00,
  COMPREHENSIVE: 46_800_00,
  PREMIER: 90_000_00,
  UNDECIDED: 46_800_00,
};

function groupSize(employees: number): ScoreSignal {
  if (employees >= 200) return { signal: 'GROUP_SIZE', points: 20, reason: `${employees} people to cover: a large group (200+)` };
  if (employees >= 50) return { signal: 'GROUP_SIZE', points: 15, reason: `${employees} people to cover: a mid-sized group (50-199)` };
  if (employees >= 10) return { signal: 'GROUP_SIZE', points: 10, reason: `${employees} people to cover: a small group (10-49)` };
  return { signal: 'GROUP_SIZE', points: 5, reason: `${employees} ${employees === 1 ? 'person' : 'people'} to cover: an individual or family (1-9)` };
}

function budgetFit(facts: LeadFacts): ScoreSignal {
  if (facts.budgetMinor === null) return { signal: 'BUDGET_FIT', points: 0, reason: 'No budget given yet' };
  const needed = INDICATIVE_ANNUAL_PREMIUM_MINOR[facts.productInterest] * facts.employeeCount;
  const budget = `${formatMinor(facts.budgetMinor, facts.currency)} ${facts.currency}`;
  const price = `${formatMinor(needed, facts.currency)} ${facts.currency}`;
  // Compared in whole minor units (budget × 4 against price × 3 is "at least 75%"), never as a float ratio.
  if (facts.budgetMinor >= needed) return { signal: 'BUDGET_FIT', points: 20, reason: `Budget ${budget} covers the indicative ${price} a year` };
  if (facts.budgetMinor * 4 >= needed * 3) return { signal: 'BUDGET_FIT', points: 10, reason: `Budget ${budget} is at least 75% of the indicative ${price} a year` };
  if (facts.budgetMinor * 2 < needed) return { signal: 'BUDGET_FIT', points: -10, reason: `Budget ${budget} is under half the indicative ${price} a year` };
  return { signal: 'BUDGET_FIT', points: 0, reason: `Budget ${budget} is 50-75% of the indicative ${price} a year` };
}

function recency(facts: LeadFacts): ScoreSignal {
  if (facts.lastContactedOn === null) return { signal: 'ENGAGEMENT', points: 0, reason: 'Not contacted yet' };
  const days = daysBetween(facts.lastContactedOn, facts.asOf);
  if (days <= 7) return { signal: 'ENGAGEMENT', points: 15, reason: `Last contacted ${days} days ago (within a week)` };
  if (days <= 30) return { signal: 'ENGAGEMENT', points: 8, reason: `Last contacted ${days} days ago (within a month)` };
  if (days > 90) return { signal: 'ENGAGEMENT', points: -10, reason: `Last contacted ${days} days ago (over 90 days: gone cold)` };
  return { signal: 'ENGAGEMENT', points: 0, reason: `Last contacted ${days} days ago` };
}

function territory(facts: LeadFacts): ScoreSignal {
  return facts.regionCovered
    ? { signal: 'TERRITORY', points: 10, reason: `${facts.region} is covered by a sales territory` }
    : { signal: 'TERRITORY', points: -5, reason: `No sales territory covers ${facts.region}` };
}

/** A = 75+, B = 50-74, C = 25-49, D below. */
export function gradeOf(total: number): string {
  if (total >= 75) return 'A';
  if (total >= 50) return 'B';
  if (total >= 25) return 'C';
  return 'D';
}

/** Scores a lead 0-100 from its facts, listing every signal with the points it added and why. */
export function scoreLead(facts: LeadFacts): Score {
  const signals: ScoreSignal[] = [
    { signal: 'SOURCE', points: SOURCE_POINTS[facts.source], reason: `Came in as ${facts.source.toLowerCase().replace('_', ' ')}` },
    groupSize(facts.employeeCount),
    budgetFit(facts),
    recency(facts),
    territory(facts),
  ];
  const sum = signals.reduce((total, s) => total + s.points, 0);
  const total = Math.max(0, Math.min(100, sum));
  return { total, grade: gradeOf(total), signals };
}

@ObjectType('LeadScoreSignal', { description: 'One reason a lead scored what it did.' })
export class LeadScoreSignalType {
  @Field({ description: 'SOURCE, GROUP_SIZE, BUDGET_FIT, ENGAGEMENT or TERRITORY.' })
  signal: string;

  @Field(() => Int, { description: 'Points this signal added (negative: taken away).' })
  points: number;

  @Field()
  reason: string;
}

@ObjectType('LeadScore', { description: "A lead's score (0-100), its grade and the signals that made it." })
export class LeadScoreType {
  @Field(() => Int)
  total: number;

  @Field({ description: 'A = 75+, B = 50-74, C = 25-49, D below.' })
  grade: string;

  @Field(() => [LeadScoreSignalType])
  signals: LeadScoreSignalType[];
}
