import type { Violations } from '../../../../kit/errors';
import { readAmount } from '../amounts';
import type { Gender } from '../gender';
import { checkWithinOverallLimits, readNetworkCodes } from '../scheme/scheme.rules';
import type { BenefitCategory, BenefitLimitBasis, BenefitQuantityUnit } from './benefit.entity';
import type { BenefitInput } from './benefit.input';

export const MAX_AGE = 120;
export const MAX_WAITING_PERIOD_DAYS = 730;
export const FULL_COINSURANCE_BPS = 10_000;

const BENEFIT_CODE = /^[A-Z][A-Z0-9_-]{1,29}$/;

/** A benefit's terms with amounts in minor units; amounts that failed to parse are null. */
export interface BenefitTerms {
  code: string;
  name: string;
  description: string | null;
  category: BenefitCategory;
  limitBasis: BenefitLimitBasis;
  annualLimitMinor: number | null;
  perVisitLimitMinor: number | null;
  subLimits: { name: string; serviceCategory: string | null; serviceCode: string | null; limitMinor: number | null }[];
  /** Without a service category or code, a limit counts every service of the benefit. */
  quantityLimits: { unit: BenefitQuantityUnit; maxQuantity: number; perDays: number | null; serviceCategory?: string | null; serviceCode?: string | null }[];
  waitingPeriodDays: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceBps: number;
  requiresPreauthorisation: boolean;
  preauthorisationThresholdMinor: number | null;
  minAge: number | null;
  maxAge: number | null;
  gender: Gender | null;
  networkCodes: string[];
  exclusions: string[];
}

/** Turns a benefit input into terms in the scheme's currency, noting malformed amounts as violations. */
export function readBenefitTerms(input: BenefitInput, currency: string, violations: Violations): BenefitTerms {
  return {
    code: input.code.trim().toUpperCase(),
    name: input.name.trim(),
    description: input.description?.trim() || null,
    category: input.category,
    limitBasis: input.limitBasis,
    annualLimitMinor: readAmount(input.annualLimit, 'annualLimit', currency, violations),
    perVisitLimitMinor: readAmount(input.perVisitLimit, 'perVisitLimit', currency, violations),
    subLimits: input.subLimits.map((s, i) => ({
      name: s.name.trim(),
      serviceCategory: s.serviceCategory?.trim().toUpperCase() || null,
      serviceCode: s.serviceCode?.trim().toUpperCase() || null,
      limitMinor: readAmount(s.limit, `subLimits[${i}].limit`, currency, violations),
    })),
    quantityLimits: input.quantityLimits.map((q) => ({
      unit: q.unit,
      maxQuantity: q.maxQuantity,
      perDays: q.perDays ?? null,
      serviceCategory: q.serviceCategory?.trim().toUpperCase() || null,
      serviceCode: q.serviceCode?.trim().toUpperCase() || null,
    })),
    waitingPeriodDays: input.waitingPeriodDays,
    deductibleMinor: readAmount(input.deductible, 'deductible', currency, violations, { allowZero: true }) ?? 0,
    copayMinor: readAmount(input.copay, 'copay', currency, violations, { allowZero: true }) ?? 0,
    coinsuranceBps: input.coinsuranceBps,
    requiresPreauthorisation: input.requiresPreauthorisation,
    preauthorisationThresholdMinor: readAmount(input.preauthorisationThreshold, 'preauthorisationThreshold', currency, violations, {
      allowZero: true,
    }),
    minAge: input.minAge ?? null,
    maxAge: input.maxAge ?? null,
    gender: input.gender ?? null,
    networkCodes: [...new Set(input.networkCodes.map((c) => c.trim().toUpperCase()))],
    exclusions: input.exclusions.map((e) => e.trim()),
  };
}

/**
 * The rules a benefit's terms must keep, each violation naming the field and the rule: limits
 * nest (sub-limit and per-visit limit within the annual limit, the annual limit within the
 * scheme's overall limit), cost sharing stays within the limit, ranges are ranges.
 */
export function checkBenefitTerms(
  terms: BenefitTerms,
  overall: { overallAnnualLimitPerPersonMinor: number | null; overallAnnualLimitPerFamilyMinor: number | null },
  violations: Violations,
): void {
  if (!BENEFIT_CODE.test(terms.code)) {
    violations.add('code', 'CODE_FORMAT', 'must be 2 to 30 capital letters, digits, "-" or "_", starting with a letter');
  }
  const annual = terms.annualLimitMinor;
  if (annual !== null) {
    checkWithinOverallLimits({ limitBasis: terms.limitBasis, annualLimitMinor: annual }, overall, 'annualLimit', violations);
    if (terms.perVisitLimitMinor !== null && terms.perVisitLimitMinor > annual) {
      violations.add('perVisitLimit', 'NOT_ABOVE_ANNUAL_LIMIT', 'cannot be above the annual limit');
    }
    if (terms.deductibleMinor > annual) violations.add('deductible', 'NOT_ABOVE_ANNUAL_LIMIT', 'cannot be above the annual limit');
    if (terms.copayMinor > annual) violations.add('copay', 'NOT_ABOVE_ANNUAL_LIMIT', 'cannot be above the annual limit');
    if (terms.preauthorisationThresholdMinor !== null && terms.preauthorisationThresholdMinor > annual) {
      violations.add('preauthorisationThreshold', 'NOT_ABOVE_ANNUAL_LIMIT', 'cannot be above the annual limit');
    }
  }
  if (terms.perVisitLimitMinor !== null && terms.copayMinor > terms.perVisitLimitMinor) {
    violations.add('copay', 'NOT_ABOVE_PER_VISIT_LIMIT', 'cannot be above the per-visit limit');
  }

  const subLimitNames = new Set<string>();
  terms.subLimits.forEach((sub, i) => {
    const field = `subLimits[${i}]`;
    if (!sub.serviceCategory && !sub.serviceCode) {
      violations.add(`${field}.serviceCategory`, 'SERVICE_REQUIRED', 'a sub-limit applies to a service category or a service code');
    }
    if (annual !== null && sub.limitMinor !== null && sub.limitMinor > annual) {
      violations.add(`${field}.limit`, 'NOT_ABOVE_ANNUAL_LIMIT', `cannot be above the benefit's annual limit`);
    }
    const key = sub.name.toLowerCase();
    if (subLimitNames.has(key)) violations.add(`${field}.name`, 'UNIQUE', `"${sub.name}" is used by another sub-limit of this benefit`);
    subLimitNames.add(key);
  });

  const units = new Set<string>();
  terms.quantityLimits.forEach((q, i) => {
    const field = `quantityLimits[${i}]`;
    if (!Number.isInteger(q.maxQuantity) || q.maxQuantity < 1) violations.add(`${field}.maxQuantity`, 'POSITIVE', 'must be at least 1');
    if (q.perDays !== null && (q.perDays < 1 || q.perDays > 3650)) violations.add(`${field}.perDays`, 'RANGE', 'must be 1 to 3650 days');
    const key = `${q.unit}:${q.perDays ?? 'period'}:${q.serviceCategory ?? '*'}:${q.serviceCode ?? '*'}`;
    if (units.has(key)) violations.add(`${field}.unit`, 'UNIQUE', `another ${q.unit} limit uses the same window for the same services`);
    units.add(key);
  });

  if (terms.waitingPeriodDays < 0 || terms.waitingPeriodDays > MAX_WAITING_PERIOD_DAYS) {
    violations.add('waitingPeriodDays', 'RANGE', `must be 0 to ${MAX_WAITING_PERIOD_DAYS} days`);
  }
  if (terms.coinsuranceBps < 0 || terms.coinsuranceBps > FULL_COINSURANCE_BPS) {
    violations.add('coinsuranceBps', 'BASIS_POINTS_RANGE', `must be 0 to ${FULL_COINSURANCE_BPS} basis points (0% to 100%)`);
  }
  if (terms.preauthorisationThresholdMinor !== null && !terms.requiresPreauthorisation) {
    violations.add('preauthorisationThreshold', 'NEEDS_PREAUTHORISATION', 'set requiresPreauthorisation for a threshold to apply');
  }
  for (const [field, age] of [['minAge', terms.minAge], ['maxAge', terms.maxAge]] as const) {
    if (age !== null && (age < 0 || age > MAX_AGE)) violations.add(field, 'AGE_RANGE', `must be 0 to ${MAX_AGE}`);
  }
  if (terms.minAge !== null && terms.maxAge !== null && terms.minAge > terms.maxAge) {
    violations.add('minAge', 'MIN_NOT_ABOVE_MAX', 'cannot be above maxAge');
  }
  readNetworkCodes(terms.networkCodes, 'networkCodes', violations);
  terms.exclusions.forEach((text, i) => {
    if (text.length < 3 || text.length > 500) violations.add(`exclusions[${i}]`, 'LENGTH', 'must be 3 to 500 characters');
  });
}
