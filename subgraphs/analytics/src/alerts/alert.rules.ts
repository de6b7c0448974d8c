import { hasRole, type Actor } from '../../../../kit/auth/identity';
import { UtilisationSubject } from './alert-rule.entity';

/** Alert thresholds when a rule names none: 70, 85, 95 and 100 % of a limit. */
export const DEFAULT_THRESHOLDS_PCT: readonly number[] = [70, 85, 95, 100];

/** The thresholds (percent of the limit) the consumption has reached or passed, lowest first. */
export function thresholdsCrossed(consumedMinor: number, limitMinor: number, thresholdsPct: readonly number[]): number[] {
  if (limitMinor <= 0) return [];
  return [...thresholdsPct].sort((a, b) => a - b).filter((pct) => BigInt(consumedMinor) * 100n >= BigInt(limitMinor) * BigInt(pct));
}

/** Utilisation in basis points of the limit, rounded down (so 99.99% never shows as 100%). */
export function utilisationBps(consumedMinor: number, limitMinor: number): number | null {
  if (limitMinor <= 0) return null;
  return Number((BigInt(consumedMinor) * 10_000n) / BigInt(limitMinor));
}

/** Problems with a rule's thresholds: each a whole percent from 1 to 200, no repeats, at least one. */
export function thresholdProblems(thresholdsPct: readonly number[]): string | null {
  if (thresholdsPct.length === 0) return 'name at least one threshold';
  if (thresholdsPct.length > 10) return 'name at most ten thresholds';
  if (thresholdsPct.some((t) => !Number.isInteger(t) || t < 1 || t > 200)) return 'each threshold is a whole percent from 1 to 200';
  if (new Set(thresholdsPct).size !== thresholdsPct.length) return 'thresholds must not repeat';
  return null;
}

/**
 * Whether the actor may see a member's or a policy's use of its limits (health spending of one
 * family): an administrator, or an analyst with the PII grant. Scheme-wide figures are for every reader.
 */
export function seesPersonalSubjects(actor: Actor): boolean {
  return hasRole(actor, 'ADMIN') || !!actor.grants?.includes('PII');
}

/** Whether a subject type names a member or a family (a policy), not a whole scheme. */
export function isPersonalSubject(subjectType: string | null | undefined): boolean {
  return subjectType === UtilisationSubject.MEMBER || subjectType === UtilisationSubject.POLICY;
}
