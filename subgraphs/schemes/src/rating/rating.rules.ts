import type { Violations } from '../../../../kit/errors';
import { isKenyanCounty } from '../../../../kit/kenya';
import { Gender } from '../gender';
import { RatingFactorType } from './rating-factor.entity';

/** ×0.0001 to ×10: anything outside is a typing mistake, not a price. */
export const MIN_MULTIPLIER_BPS = 1;
export const MAX_MULTIPLIER_BPS = 100_000;
export const MAX_RATED_AGE = 120;
export const MAX_FAMILY_SIZE = 20;

const LEVEL_CODE = /^[A-Z][A-Z0-9_]{1,29}$/;

/** One rating factor as entered. */
export interface RatingFactorFacts {
  type: RatingFactorType;
  value?: string | null;
  minValue?: number | null;
  maxValue?: number | null;
  multiplierBps: number;
}

/** A rating factor ready to store: bands carry a label, values are normalised. */
export interface CleanRatingFactor {
  type: RatingFactorType;
  value: string;
  minValue: number | null;
  maxValue: number | null;
  multiplierBps: number;
}

const BANDED = new Set([RatingFactorType.AGE_BAND, RatingFactorType.FAMILY_SIZE]);

/**
 * Checks a rating table and returns it normalised. Age bands and family-size bands must not
 * overlap (a person would otherwise match two prices); values must be ones a quote can match.
 */
export function checkRatingFactors(factors: RatingFactorFacts[], violations: Violations): CleanRatingFactor[] {
  const clean: CleanRatingFactor[] = [];
  const seen = new Set<string>();
  factors.forEach((factor, i) => {
    const field = `factors[${i}]`;
    if (!Number.isInteger(factor.multiplierBps) || factor.multiplierBps < MIN_MULTIPLIER_BPS || factor.multiplierBps > MAX_MULTIPLIER_BPS) {
      violations.add(`${field}.multiplierBps`, 'MULTIPLIER_RANGE', `must be ${MIN_MULTIPLIER_BPS} to ${MAX_MULTIPLIER_BPS} basis points (×0.0001 to ×10)`);
    }
    let value = factor.value?.trim() ?? '';
    let minValue: number | null = null;
    let maxValue: number | null = null;
    if (BANDED.has(factor.type)) {
      const isAge = factor.type === RatingFactorType.AGE_BAND;
      const floor = isAge ? 0 : 1;
      const ceiling = isAge ? MAX_RATED_AGE : MAX_FAMILY_SIZE;
      minValue = factor.minValue ?? null;
      maxValue = factor.maxValue ?? null;
      if (minValue === null) violations.add(`${field}.minValue`, 'REQUIRED', `a ${factor.type} factor needs minValue`);
      else if (minValue < floor || minValue > ceiling) violations.add(`${field}.minValue`, 'RANGE', `must be ${floor} to ${ceiling}`);
      if (isAge && maxValue === null) violations.add(`${field}.maxValue`, 'REQUIRED', 'an AGE_BAND factor needs maxValue');
      if (maxValue !== null && (maxValue < floor || maxValue > ceiling)) violations.add(`${field}.maxValue`, 'RANGE', `must be ${floor} to ${ceiling}`);
      if (minValue !== null && maxValue !== null && minValue > maxValue) {
        violations.add(`${field}.minValue`, 'MIN_NOT_ABOVE_MAX', 'cannot be above maxValue');
      }
      if (!value && minValue !== null) value = maxValue === null ? `${minValue}+` : `${minValue}-${maxValue}`;
    } else if (!value) {
      violations.add(`${field}.value`, 'REQUIRED', `a ${factor.type} factor needs a value`);
    } else if (factor.type === RatingFactorType.GENDER) {
      if (!Object.values(Gender).includes(value as Gender)) violations.add(`${field}.value`, 'KNOWN_GENDER', `must be ${Object.values(Gender).join(' or ')}`);
    } else if (factor.type === RatingFactorType.REGION) {
      if (!isKenyanCounty(value)) violations.add(`${field}.value`, 'KENYAN_COUNTY', `"${value}" is not a county of Kenya`);
    } else {
      value = value.toUpperCase();
      if (!LEVEL_CODE.test(value)) violations.add(`${field}.value`, 'CODE_FORMAT', 'must be 2 to 30 capital letters, digits or "_" (e.g. ENHANCED, SMOKER)');
    }
    const key = `${factor.type}:${value}`;
    if (value && seen.has(key)) violations.add(`${field}.value`, 'UNIQUE', `${factor.type} ${value} is listed twice`);
    seen.add(key);
    clean.push({ type: factor.type, value, minValue, maxValue, multiplierBps: factor.multiplierBps });
  });

  for (const type of BANDED) {
    const bands = clean
      .map((factor, index) => ({ factor, index }))
      .filter(({ factor }) => factor.type === type && isWellFormedBand(factor))
      .sort((a, b) => a.factor.minValue! - b.factor.minValue!);
    for (let i = 1; i < bands.length; i += 1) {
      const previous = bands[i - 1].factor;
      const current = bands[i];
      if (previous.maxValue === null || previous.maxValue >= current.factor.minValue!) {
        violations.add(`factors[${current.index}].minValue`, 'NO_OVERLAP', `${type} ${current.factor.value} overlaps ${previous.value}`);
      }
    }
  }
  return clean;
}

/** Only bands without errors of their own are compared for overlaps, so one mistake is reported once. */
function isWellFormedBand(factor: CleanRatingFactor): boolean {
  if (factor.minValue === null) return false;
  if (factor.maxValue === null) return factor.type === RatingFactorType.FAMILY_SIZE;
  return factor.minValue <= factor.maxValue;
}
