import { isIsoDate } from '../../../../kit/dates';
import type { Violations } from '../../../../kit/errors';
import { normaliseDiagnosisCode } from '../claim/intake';
import { PreauthEscalationTier, PreauthReviewerRole, PreauthStatus } from './preauthorisation.entity';

/** Escalation tiers by estimated amount, in minor units (KES 100,000 and KES 500,000). */
export const TIER_2_FROM_MINOR = 10_000_000;
export const TIER_3_FROM_MINOR = 50_000_000;

export interface Escalation {
  tier: PreauthEscalationTier;
  role: PreauthReviewerRole;
}

/** Who an unanswered request goes to: the bigger the estimate, the more senior the reviewer. */
export function escalationFor(estimatedMinor: number): Escalation {
  if (estimatedMinor < TIER_2_FROM_MINOR) return { tier: PreauthEscalationTier.TIER_1, role: PreauthReviewerRole.CLAIMS_OFFICER };
  if (estimatedMinor < TIER_3_FROM_MINOR) return { tier: PreauthEscalationTier.TIER_2, role: PreauthReviewerRole.SENIOR_CLAIMS_OFFICER };
  return { tier: PreauthEscalationTier.TIER_3, role: PreauthReviewerRole.MEDICAL_DIRECTOR };
}

/** Requests and escalated requests still wait for an answer. */
export const OPEN_STATUSES: readonly PreauthStatus[] = [PreauthStatus.REQUESTED, PreauthStatus.ESCALATED];

/** Care planned further back than this is a claim, not a pre-authorisation. */
export const MAX_RETROSPECTIVE_DAYS = 7;

/** Checks the diagnosis codes of a request against the catalogue; returns them normalised. */
export function checkDiagnoses(
  raw: readonly string[],
  catalogue: ReadonlyMap<string, { billable: boolean }>,
  violations: Violations,
): string[] {
  if (raw.length === 0) violations.add('diagnosisCodes', 'REQUIRED', 'at least one ICD-10 diagnosis code is required');
  const codes: string[] = [];
  raw.forEach((value, i) => {
    const code = normaliseDiagnosisCode(value);
    const entry = code ? catalogue.get(code) : undefined;
    if (!code || !entry) violations.add(`diagnosisCodes[${i}]`, 'INVALID_ICD10', `"${value}" is not in the ICD-10 catalogue`);
    else if (!entry.billable) violations.add(`diagnosisCodes[${i}]`, 'NON_BILLABLE_ICD10', `${code} is a category; name one of its subdivisions`);
    else if (!codes.includes(code)) codes.push(code);
  });
  return codes;
}

/** Checks the validity window of an approval. */
export function checkValidity(validFrom: string, validTo: string, today: string, violations: Violations): void {
  if (!isIsoDate(validFrom)) violations.add('validFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(validTo)) violations.add('validTo', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (validTo < today) violations.add('validTo', 'NOT_IN_PAST', `${validTo} has passed (today is ${today})`);
  if (isIsoDate(validFrom) && isIsoDate(validTo) && validTo < validFrom) violations.add('validTo', 'AFTER_VALID_FROM', `${validTo} is before ${validFrom}`);
}
