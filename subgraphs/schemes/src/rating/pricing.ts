import { ValidationError, type Violation } from '../../../../kit/errors';
import { scaleMinor } from '../../../../kit/money';
import { MONTHS_PER_PERIOD, type PolicyBillingFrequency } from '../policy/policy.entity';
import { RatingFactorType } from './rating-factor.entity';
import type { CleanRatingFactor } from './rating.rules';

/** 10000 basis points = ×1.0. */
export const UNIT_MULTIPLIER_BPS = 10_000;

/** Factors apply one after another in this order; each step is rounded to a minor unit (half-even). */
export const FACTOR_ORDER: readonly RatingFactorType[] = [
  RatingFactorType.AGE_BAND,
  RatingFactorType.GENDER,
  RatingFactorType.REGION,
  RatingFactorType.COVER_LEVEL,
  RatingFactorType.LIFESTYLE,
  RatingFactorType.FAMILY_SIZE,
];

export interface RatingTable {
  baseMonthlyPremiumMinor: number;
  factors: CleanRatingFactor[];
}

export interface QuotedPerson {
  age: number;
  gender: string;
  /** Overrides the request's lifestyle for this person. */
  lifestyle?: string | null;
}

export interface QuoteRequest {
  people: QuotedPerson[];
  region: string;
  coverLevel?: string | null;
  lifestyle?: string | null;
  billingFrequency: PolicyBillingFrequency;
}

/** One factor's step: the premium before and after applying its multiplier. */
export interface PricedLine {
  factor: RatingFactorType;
  value: string;
  multiplierBps: number;
  beforeMinor: number;
  afterMinor: number;
}

export interface PricedPerson {
  index: number;
  age: number;
  gender: string;
  lifestyle: string | null;
  lines: PricedLine[];
  monthlyMinor: number;
  perPeriodMinor: number;
}

export interface PricedQuote {
  baseMonthlyPremiumMinor: number;
  people: PricedPerson[];
  monthlyMinor: number;
  monthsPerPeriod: number;
  perPeriodMinor: number;
}

/**
 * Prices a quote from a version's rating table with exact integer arithmetic. Each person starts
 * at the base monthly premium; every factor type the table rates on then multiplies it, in
 * FACTOR_ORDER, rounding half-even to a minor unit at each step so that every line's effect is an
 * exact amount and the lines add up. A value the table does not list rates at ×1.0 (shown as
 * such), except that an age outside every band, or a cover level or lifestyle the table does not
 * offer, can not be priced and is refused.
 */
export function priceQuote(table: RatingTable, request: QuoteRequest): PricedQuote {
  const problems: Violation[] = [];
  const rated = new Set(table.factors.map((f) => f.type));
  const familySize = request.people.length;
  const offered = (type: RatingFactorType) => table.factors.filter((f) => f.type === type).map((f) => f.value);

  const valueFor = (type: RatingFactorType, person: QuotedPerson): string | null => {
    switch (type) {
      case RatingFactorType.GENDER:
        return person.gender;
      case RatingFactorType.REGION:
        return request.region;
      case RatingFactorType.COVER_LEVEL:
        return request.coverLevel?.trim().toUpperCase() || null;
      case RatingFactorType.LIFESTYLE:
        return (person.lifestyle ?? request.lifestyle)?.trim().toUpperCase() || null;
      default:
        return null;
    }
  };

  const match = (type: RatingFactorType, person: QuotedPerson): CleanRatingFactor | undefined => {
    const candidates = table.factors.filter((f) => f.type === type);
    if (type === RatingFactorType.AGE_BAND || type === RatingFactorType.FAMILY_SIZE) {
      const n = type === RatingFactorType.AGE_BAND ? person.age : familySize;
      return candidates.find((f) => f.minValue !== null && n >= f.minValue && (f.maxValue === null || n <= f.maxValue));
    }
    const value = valueFor(type, person);
    return candidates.find((f) => f.value === value);
  };

  const months = MONTHS_PER_PERIOD[request.billingFrequency];
  const people = request.people.map((person, index): PricedPerson => {
    let premium = table.baseMonthlyPremiumMinor;
    const lines: PricedLine[] = [];
    for (const type of FACTOR_ORDER) {
      if (!rated.has(type)) continue;
      const factor = match(type, person);
      let value: string;
      let multiplierBps = UNIT_MULTIPLIER_BPS;
      if (factor) {
        value = factor.value;
        multiplierBps = factor.multiplierBps;
      } else if (type === RatingFactorType.AGE_BAND) {
        problems.push({ field: `people[${index}].age`, rule: 'NO_AGE_BAND', message: `age ${person.age} is outside every age band this version rates` });
        continue;
      } else if (type === RatingFactorType.COVER_LEVEL || type === RatingFactorType.LIFESTYLE) {
        const given = valueFor(type, person);
        const field = type === RatingFactorType.COVER_LEVEL ? 'coverLevel' : person.lifestyle ? `people[${index}].lifestyle` : 'lifestyle';
        const already = problems.some((p) => p.field === field);
        if (!already) {
          problems.push({
            field,
            rule: given ? 'OFFERED_VALUE' : 'REQUIRED',
            message: `${given ? `"${given}" is not offered` : 'is required'}; choose one of ${offered(type).join(', ')}`,
          });
        }
        continue;
      } else {
        // A gender, region or family size the table does not list is rated at the standard rate.
        value = type === RatingFactorType.FAMILY_SIZE ? String(familySize) : (valueFor(type, person) ?? '');
      }
      const after = scaleMinor(premium, multiplierBps, UNIT_MULTIPLIER_BPS);
      lines.push({ factor: type, value, multiplierBps, beforeMinor: premium, afterMinor: after });
      premium = after;
    }
    return {
      index,
      age: person.age,
      gender: person.gender,
      lifestyle: valueFor(RatingFactorType.LIFESTYLE, person),
      lines,
      monthlyMinor: premium,
      perPeriodMinor: premium * months,
    };
  });
  if (problems.length > 0) throw new ValidationError(problems);
  const monthlyMinor = people.reduce((sum, p) => sum + p.monthlyMinor, 0);
  return {
    baseMonthlyPremiumMinor: table.baseMonthlyPremiumMinor,
    people,
    monthlyMinor,
    monthsPerPeriod: months,
    perPeriodMinor: people.reduce((sum, p) => sum + p.perPeriodMinor, 0),
  };
}
