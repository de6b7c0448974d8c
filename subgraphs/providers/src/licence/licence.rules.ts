import { isIsoDate } from '../../../../kit/dates';
import type { Violations } from '../../../../kit/errors';

/** A licence's period; both days are covered. */
export interface LicencePeriod {
  validFrom: string;
  validTo: string;
}

/** Whether a licence covers the day (inclusive of its first and last day). */
export function licensedOn(licences: readonly LicencePeriod[], day: string): boolean {
  return licences.some((licence) => licence.validFrom <= day && day <= licence.validTo);
}

const LICENCE_NUMBER = /^[A-Z0-9][A-Z0-9/.-]{2,39}$/;

/** Normalises a licence or registration number: trimmed, upper case, inner spaces dropped. */
export function normaliseNumber(value: string): string {
  return value.trim().toUpperCase().replace(/\s+/g, '');
}

/** Checks a new licence's number and period. */
export function checkLicence(licence: LicencePeriod & { number: string }, violations: Violations): void {
  if (!LICENCE_NUMBER.test(licence.number)) {
    violations.add('number', 'LICENCE_NUMBER', 'must be 3 to 40 letters, digits, "/", "." or "-"');
  }
  if (!isIsoDate(licence.validFrom)) violations.add('validFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(licence.validTo)) violations.add('validTo', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (licence.validTo < licence.validFrom) violations.add('validTo', 'NOT_BEFORE_VALID_FROM', 'cannot be before validFrom');
}

/** Checks a new accreditation's body and dates. */
export function checkAccreditation(accreditation: { body: string; awardedOn: string; expiresOn?: string | null }, today: string, violations: Violations): void {
  if (!accreditation.body.trim()) violations.add('body', 'REQUIRED', 'is required');
  if (accreditation.awardedOn > today) violations.add('awardedOn', 'NOT_IN_FUTURE', 'cannot be in the future');
  if (accreditation.expiresOn && accreditation.expiresOn < accreditation.awardedOn) {
    violations.add('expiresOn', 'NOT_BEFORE_AWARDED_ON', 'cannot be before awardedOn');
  }
}
