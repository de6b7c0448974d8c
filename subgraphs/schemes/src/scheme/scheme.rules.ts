import { isIsoDate } from '../../../../kit/dates';
import { ConflictError, InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { BenefitLimitBasis } from '../benefit/benefit.entity';
import { SchemeStatus } from './scheme.entity';
import { SchemeVersionStatus } from './scheme-version.entity';

const SCHEME_CODE = /^[A-Z][A-Z0-9_-]{1,39}$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const NETWORK_CODE = /^[A-Z0-9][A-Z0-9_-]{1,29}$/;

/** Provider network codes, upper-cased and without repeats; each malformed one is a violation of `field[i]`. */
export function readNetworkCodes(codes: string[], field: string, violations: Violations): string[] {
  const clean = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  clean.forEach((code, i) => {
    if (!NETWORK_CODE.test(code)) violations.add(`${field}[${i}]`, 'CODE_FORMAT', `"${code}" is not a network code`);
  });
  return clean;
}

/** Checks the parts of a new scheme that class-validator can not: code and currency shapes. */
export function checkNewScheme(scheme: { code: string; currency: string }, violations: Violations): void {
  if (!SCHEME_CODE.test(scheme.code)) {
    violations.add('code', 'CODE_FORMAT', 'must be 2 to 40 capital letters, digits, "-" or "_", starting with a letter (e.g. ESSENTIAL)');
  }
  if (!CURRENCY_CODE.test(scheme.currency)) violations.add('currency', 'CURRENCY_CODE', 'must be an ISO 4217 code such as KES');
}

/** A family's overall limit can not be below one person's. */
export function checkOverallLimits(perPersonMinor: number | null, perFamilyMinor: number | null, violations: Violations): void {
  if (perPersonMinor !== null && perFamilyMinor !== null && perFamilyMinor < perPersonMinor) {
    violations.add('overallAnnualLimitPerFamily', 'NOT_BELOW_PER_PERSON', 'cannot be lower than the overall annual limit per person');
  }
}

export interface VersionFacts {
  id: string;
  status: SchemeVersionStatus;
  versionNumber: number;
}

/**
 * Published terms are immutable: a policy points at the version it was sold on, so changing one
 * would rewrite what customers bought. Changes go into a new draft version instead.
 */
export function assertDraft(version: VersionFacts, schemeCode: string, action: string): void {
  if (version.status !== SchemeVersionStatus.DRAFT) {
    throw new ConflictError(
      `Cannot ${action}: version ${version.versionNumber} of scheme ${schemeCode} is published and cannot be changed; ` +
        'create a new draft version with createSchemeVersion and change that',
      { rule: 'PUBLISHED_VERSION_IMMUTABLE', field: 'versionId', versionId: version.id },
    );
  }
}

export interface PublishFacts {
  version: VersionFacts & {
    baseMonthlyPremiumMinor: number | null;
    overallAnnualLimitPerPersonMinor: number | null;
    overallAnnualLimitPerFamilyMinor: number | null;
  };
  scheme: { code: string; status: SchemeStatus };
  benefits: { code: string; limitBasis: BenefitLimitBasis; annualLimitMinor: number }[];
  /** The latest effectiveFrom among the scheme's already published versions. */
  previousEffectiveFrom: string | null;
  effectiveFrom: string;
  effectiveTo?: string | null;
}

/** What a draft needs before it can be published: a period, at least one benefit, overall limits and a premium. */
export function checkPublish(facts: PublishFacts, violations: Violations): void {
  const { version, scheme } = facts;
  if (version.status !== SchemeVersionStatus.DRAFT) {
    throw new InvalidTransitionError('scheme version', version.status, 'publish', `version ${version.versionNumber} of ${scheme.code} is already published`);
  }
  if (scheme.status === SchemeStatus.RETIRED) {
    throw new InvalidTransitionError('scheme version', version.status, 'publish', `scheme ${scheme.code} is RETIRED; its terms no longer change`);
  }
  if (!isIsoDate(facts.effectiveFrom)) violations.add('effectiveFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (facts.previousEffectiveFrom && facts.effectiveFrom <= facts.previousEffectiveFrom) {
    violations.add('effectiveFrom', 'AFTER_PREVIOUS_VERSION', `must be after ${facts.previousEffectiveFrom}, when the previous published version took effect`);
  }
  if (facts.effectiveTo && facts.effectiveTo < facts.effectiveFrom) {
    violations.add('effectiveTo', 'NOT_BEFORE_EFFECTIVE_FROM', 'cannot be before effectiveFrom');
  }
  if (facts.benefits.length === 0) violations.add('benefits', 'AT_LEAST_ONE_BENEFIT', 'a version needs at least one benefit to be published');
  if (version.baseMonthlyPremiumMinor === null) {
    violations.add('rating.baseMonthlyPremium', 'REQUIRED', 'set the rating (setRating) before publishing');
  }
  const perPerson = version.overallAnnualLimitPerPersonMinor;
  if (perPerson === null) violations.add('overallAnnualLimitPerPerson', 'REQUIRED', 'is required before publishing');
  facts.benefits.forEach((benefit) => checkWithinOverallLimits(benefit, version, `benefits.${benefit.code}.annualLimit`, violations));
}

/** A benefit can not promise more than the scheme pays overall for a person (or family). */
export function checkWithinOverallLimits(
  benefit: { limitBasis: BenefitLimitBasis; annualLimitMinor: number },
  version: { overallAnnualLimitPerPersonMinor: number | null; overallAnnualLimitPerFamilyMinor: number | null },
  field: string,
  violations: Violations,
): void {
  const overall =
    benefit.limitBasis === BenefitLimitBasis.PER_FAMILY
      ? (version.overallAnnualLimitPerFamilyMinor ?? version.overallAnnualLimitPerPersonMinor)
      : version.overallAnnualLimitPerPersonMinor;
  if (overall !== null && benefit.annualLimitMinor > overall) {
    const basis = benefit.limitBasis === BenefitLimitBasis.PER_FAMILY ? 'family' : 'person';
    violations.add(field, 'NOT_ABOVE_OVERALL_LIMIT', `cannot be above the scheme's overall annual limit per ${basis}`);
  }
}

export type SchemeAction = 'activate' | 'suspend' | 'retire';

const TRANSITIONS: Record<SchemeAction, { from: SchemeStatus[]; to: SchemeStatus; past: string }> = {
  activate: { from: [SchemeStatus.DRAFT, SchemeStatus.SUSPENDED], to: SchemeStatus.ACTIVE, past: 'activated' },
  suspend: { from: [SchemeStatus.ACTIVE], to: SchemeStatus.SUSPENDED, past: 'suspended' },
  retire: { from: [SchemeStatus.DRAFT, SchemeStatus.ACTIVE, SchemeStatus.SUSPENDED], to: SchemeStatus.RETIRED, past: 'retired' },
};

export interface ActivationFacts {
  /** The scheme's latest published version and how many benefits it has; null when none is published. */
  latestPublished: { versionNumber: number; benefitCount: number; effectiveFrom: string | null; effectiveTo: string | null } | null;
  today: string;
}

/**
 * Decides a scheme status change, or throws INVALID_TRANSITION saying why. A scheme is activated
 * only with at least one benefit and a period: its latest published version must have a benefit
 * and an effective period that has not ended.
 */
export function planSchemeTransition(action: SchemeAction, scheme: { code: string; status: SchemeStatus }, facts?: ActivationFacts): SchemeStatus {
  const rule = TRANSITIONS[action];
  const refuse = (reason: string): never => {
    throw new InvalidTransitionError('scheme', scheme.status, action, reason);
  };
  if (!rule.from.includes(scheme.status)) {
    refuse(`scheme ${scheme.code} is ${scheme.status}; only a scheme that is ${rule.from.join(' or ')} can be ${rule.past}`);
  }
  if (action === 'activate') {
    const version = facts?.latestPublished;
    if (!version) {
      refuse(`scheme ${scheme.code} has no published version; publish a version with at least one benefit and an effective period first`);
    } else {
      if (version.benefitCount === 0) {
        refuse(`version ${version.versionNumber} of ${scheme.code} has no benefits; a scheme is activated only with at least one benefit`);
      }
      if (!version.effectiveFrom) {
        refuse(`version ${version.versionNumber} of ${scheme.code} has no effective period; a scheme is activated only with a period`);
      }
      if (version.effectiveTo && facts && version.effectiveTo < facts.today) {
        refuse(`the period of version ${version.versionNumber} of ${scheme.code} ended on ${version.effectiveTo}; publish a version with a current period`);
      }
    }
  }
  return rule.to;
}
