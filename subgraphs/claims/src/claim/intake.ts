import { daysBetween, isIsoDate } from '../../../../kit/dates';
import type { Violation } from '../../../../kit/errors';
import { parseDecimal } from '../../../../kit/money';
import { CLAIM_BENEFIT_CATEGORIES, ClaimBenefitCategory } from '../service-catalogue/benefit-category';
import { isUuid } from '../../../../kit/ids';

/**
 * Claim intake, step 1 of adjudication: is this a claim we can accept at all? Every problem is
 * reported at once, each naming the field (`lines[1].diagnosisCodes[0]`, indexes from 0) and the
 * rule it breaks, so a provider can correct a claim in one pass.
 */

export const MAX_LINES = 100;
export const MAX_PROVIDER_REFERENCE_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 500;

export interface IntakeAmount {
  amount: string;
  currency?: string | null;
}

export interface IntakeLine {
  serviceCode?: string | null;
  description?: string | null;
  quantity?: number | null;
  unitPrice?: IntakeAmount | null;
  /** The provider's own line total; when given it must equal quantity × unit price. */
  billedAmount?: IntakeAmount | null;
  diagnosisCodes?: readonly string[] | null;
}

export interface IntakeClaim {
  memberId?: string | null;
  providerId?: string | null;
  providerReference?: string | null;
  benefitCategory?: ClaimBenefitCategory | null;
  serviceDate?: string | null;
  admissionDate?: string | null;
  dischargeDate?: string | null;
  diagnosisCodes?: readonly string[] | null;
  currency?: string | null;
  /** The provider's own claim total; when given it must equal the sum of the lines. */
  totalBilled?: IntakeAmount | null;
  lines?: readonly IntakeLine[] | null;
}

/** What intake needs to know beyond the claim itself; the caller looks these up. */
export interface IntakeFacts {
  /** The business day the claim is received on (YYYY-MM-DD). */
  today: string;
  submissionWindowDays: number;
  /** Catalogue entries for the diagnosis codes the claim names (see `codesNamedBy`); absent means unknown. */
  diagnoses: ReadonlyMap<string, { billable: boolean }>;
  /** Catalogue entries for the service codes the claim names; absent means unknown. */
  services: ReadonlyMap<string, { name: string; active: boolean }>;
  /** The claim number that already carries this provider's reference, if any. */
  duplicateOf?: string | null;
}

export interface AcceptedLine {
  lineNumber: number;
  serviceCode: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  billedAmountMinor: number;
  diagnosisCodes: string[];
}

/** A claim that passed intake, normalised (trimmed, upper-cased codes, amounts in minor units). */
export interface AcceptedClaim {
  memberId: string;
  providerId: string;
  providerReference: string;
  benefitCategory: ClaimBenefitCategory;
  serviceDate: string;
  admissionDate: string | null;
  dischargeDate: string | null;
  diagnosisCodes: string[];
  currency: string;
  totalBilledMinor: number;
  lines: AcceptedLine[];
}

export type IntakeResult = { accepted: true; claim: AcceptedClaim } | { accepted: false; violations: Violation[] };

export const INTAKE_RULES = {
  REQUIRED: 'REQUIRED',
  VALID_ID: 'VALID_ID',
  MAX_LENGTH: 'MAX_LENGTH',
  UNIQUE_CLAIM_REFERENCE: 'UNIQUE_CLAIM_REFERENCE',
  VALID_BENEFIT_CATEGORY: 'VALID_BENEFIT_CATEGORY',
  VALID_DATE: 'VALID_DATE',
  NOT_IN_FUTURE: 'NOT_IN_FUTURE',
  SUBMISSION_WINDOW: 'SUBMISSION_WINDOW',
  REQUIRED_FOR_INPATIENT: 'REQUIRED_FOR_INPATIENT',
  ADMISSION_AND_DISCHARGE: 'ADMISSION_AND_DISCHARGE',
  DISCHARGE_AFTER_ADMISSION: 'DISCHARGE_AFTER_ADMISSION',
  WITHIN_ADMISSION: 'WITHIN_ADMISSION',
  INVALID_ICD10: 'INVALID_ICD10',
  NON_BILLABLE_ICD10: 'NON_BILLABLE_ICD10',
  DIAGNOSIS_ON_CLAIM: 'DIAGNOSIS_ON_CLAIM',
  VALID_CURRENCY: 'VALID_CURRENCY',
  SAME_CURRENCY: 'SAME_CURRENCY',
  AT_LEAST_ONE_LINE: 'AT_LEAST_ONE_LINE',
  MAX_LINES: 'MAX_LINES',
  UNKNOWN_SERVICE_CODE: 'UNKNOWN_SERVICE_CODE',
  INACTIVE_SERVICE_CODE: 'INACTIVE_SERVICE_CODE',
  MIN_QUANTITY: 'MIN_QUANTITY',
  EXACT_AMOUNT: 'EXACT_AMOUNT',
  POSITIVE_AMOUNT: 'POSITIVE_AMOUNT',
  AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
  BILLED_AMOUNT_MATCHES: 'BILLED_AMOUNT_MATCHES',
  TOTAL_MATCHES_LINES: 'TOTAL_MATCHES_LINES',
  MEMBER_PREAUTHORISATION: 'MEMBER_PREAUTHORISATION',
} as const;

const R = INTAKE_RULES;
const ICD10 = /^[A-Z]\d{2}(?:\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Normalises how people write ICD-10 codes ("b50.9", " B509 ") to the catalogue's form ("B50.9").
 * Returns null when the text cannot be an ICD-10 code.
 */
export function normaliseDiagnosisCode(raw: string): string | null {
  let code = raw.trim().toUpperCase();
  if (/^[A-Z]\d{3,4}$/.test(code)) code = `${code.slice(0, 3)}.${code.slice(3)}`;
  return ICD10.test(code) ? code : null;
}

/** The diagnosis and service codes a claim names, normalised: what the caller must look up for `checkClaimIntake`. */
export function codesNamedBy(claim: IntakeClaim): { diagnosisCodes: string[]; serviceCodes: string[] } {
  const diagnoses = new Set<string>();
  const services = new Set<string>();
  const addDiagnoses = (codes: readonly string[] | null | undefined) => {
    for (const raw of codes ?? []) {
      const code = normaliseDiagnosisCode(raw);
      if (code) diagnoses.add(code);
    }
  };
  addDiagnoses(claim.diagnosisCodes);
  for (const line of claim.lines ?? []) {
    addDiagnoses(line.diagnosisCodes);
    const service = line.serviceCode?.trim().toUpperCase();
    if (service) services.add(service);
  }
  return { diagnosisCodes: [...diagnoses], serviceCodes: [...services] };
}

/** Checks a submitted claim against every intake rule; returns the normalised claim or all violations. */
export function checkClaimIntake(claim: IntakeClaim, facts: IntakeFacts): IntakeResult {
  const violations: Violation[] = [];
  const add = (field: string, rule: string, message: string) => violations.push({ field, rule, message });

  const memberId = checkId(claim.memberId, 'memberId', add);
  const providerId = checkId(claim.providerId, 'providerId', add);

  const providerReference = claim.providerReference?.trim() ?? '';
  if (!providerReference) add('providerReference', R.REQUIRED, 'is required: the provider\'s own invoice or claim number');
  else if (providerReference.length > MAX_PROVIDER_REFERENCE_LENGTH) {
    add('providerReference', R.MAX_LENGTH, `must be at most ${MAX_PROVIDER_REFERENCE_LENGTH} characters`);
  } else if (facts.duplicateOf) {
    add('providerReference', R.UNIQUE_CLAIM_REFERENCE, `"${providerReference}" was already submitted by this provider as claim ${facts.duplicateOf}`);
  }

  const benefitCategory = claim.benefitCategory ?? null;
  if (!benefitCategory) add('benefitCategory', R.REQUIRED, 'is required');
  else if (!CLAIM_BENEFIT_CATEGORIES.includes(benefitCategory)) add('benefitCategory', R.VALID_BENEFIT_CATEGORY, `"${benefitCategory}" is not a benefit category`);

  const dates = checkDates(claim, benefitCategory, facts, add);

  const currency = (claim.currency ?? '').trim().toUpperCase();
  const currencyValid = CURRENCY.test(currency);
  if (!currencyValid) add('currency', R.VALID_CURRENCY, `"${claim.currency ?? ''}" is not an ISO 4217 currency code`);

  const claimCodes = checkDiagnosisList(claim.diagnosisCodes ?? [], 'diagnosisCodes', facts, add);
  if (claimCodes.length === 0 && (claim.diagnosisCodes ?? []).length === 0) {
    add('diagnosisCodes', R.REQUIRED, 'at least one ICD-10 diagnosis code is required');
  }
  const onClaim = new Set(claimCodes);

  const lines = claim.lines ?? [];
  if (lines.length === 0) add('lines', R.AT_LEAST_ONE_LINE, 'a claim needs at least one line');
  if (lines.length > MAX_LINES) add('lines', R.MAX_LINES, `a claim can have at most ${MAX_LINES} lines; split it`);
  const accepted = lines.map((line, index) => checkLine(line, index, currencyValid ? currency : null, onClaim, facts, add));

  let totalBilledMinor = 0;
  const allLinesPriced = accepted.every((l) => l !== null);
  if (allLinesPriced) {
    totalBilledMinor = accepted.reduce((sum, l) => sum + l!.billedAmountMinor, 0);
    if (!Number.isSafeInteger(totalBilledMinor)) add('lines', R.AMOUNT_TOO_LARGE, 'the claim total is too large');
  }
  if (claim.totalBilled && currencyValid) {
    const stated = parseAmount(claim.totalBilled, 'totalBilled', currency, add);
    if (stated !== null && allLinesPriced && stated !== totalBilledMinor) {
      add('totalBilled', R.TOTAL_MATCHES_LINES, `${claim.totalBilled.amount} does not equal the sum of the lines`);
    }
  }

  if (violations.length > 0) return { accepted: false, violations };
  return {
    accepted: true,
    claim: {
      memberId: memberId!,
      providerId: providerId!,
      providerReference,
      benefitCategory: benefitCategory!,
      serviceDate: dates.serviceDate!,
      admissionDate: dates.admissionDate,
      dischargeDate: dates.dischargeDate,
      diagnosisCodes: claimCodes,
      currency,
      totalBilledMinor,
      lines: accepted.map((l) => l!),
    },
  };
}

type Add = (field: string, rule: string, message: string) => void;

function checkId(value: string | null | undefined, field: string, add: Add): string | null {
  const id = value?.trim() ?? '';
  if (!id) {
    add(field, R.REQUIRED, 'is required');
    return null;
  }
  if (!isUuid(id)) {
    add(field, R.VALID_ID, `"${id}" is not a valid id`);
    return null;
  }
  return id.toLowerCase();
}

function checkDates(claim: IntakeClaim, category: ClaimBenefitCategory | null, facts: IntakeFacts, add: Add) {
  const date = (field: 'serviceDate' | 'admissionDate' | 'dischargeDate'): string | null => {
    const value = claim[field]?.trim();
    if (!value) return null;
    if (!isIsoDate(value)) {
      add(field, R.VALID_DATE, 'must be a date (YYYY-MM-DD)');
      return null;
    }
    if (value > facts.today) {
      add(field, R.NOT_IN_FUTURE, `${value} is in the future (today is ${facts.today})`);
      return null;
    }
    return value;
  };
  if (!claim.serviceDate?.trim()) add('serviceDate', R.REQUIRED, 'is required');
  const serviceDate = date('serviceDate');
  const admissionDate = date('admissionDate');
  const dischargeDate = date('dischargeDate');
  const admissionGiven = Boolean(claim.admissionDate?.trim());
  const dischargeGiven = Boolean(claim.dischargeDate?.trim());

  if (category === ClaimBenefitCategory.INPATIENT) {
    if (!admissionGiven) add('admissionDate', R.REQUIRED_FOR_INPATIENT, 'an inpatient claim needs the admission date');
    if (!dischargeGiven) add('dischargeDate', R.REQUIRED_FOR_INPATIENT, 'an inpatient claim is submitted after discharge and needs the discharge date');
  } else if (admissionGiven !== dischargeGiven) {
    const missing = admissionGiven ? 'dischargeDate' : 'admissionDate';
    add(missing, R.ADMISSION_AND_DISCHARGE, 'admission and discharge dates go together');
  }
  if (admissionDate && dischargeDate && dischargeDate < admissionDate) {
    add('dischargeDate', R.DISCHARGE_AFTER_ADMISSION, `${dischargeDate} is before the admission date ${admissionDate}`);
  }
  if (serviceDate && admissionDate && dischargeDate && dischargeDate >= admissionDate && (serviceDate < admissionDate || serviceDate > dischargeDate)) {
    add('serviceDate', R.WITHIN_ADMISSION, `must fall within the stay (${admissionDate} to ${dischargeDate})`);
  }
  // An admission is billed after discharge, so its window runs from the discharge date.
  const [windowField, windowFrom] = dischargeDate ? (['dischargeDate', dischargeDate] as const) : (['serviceDate', serviceDate] as const);
  if (windowFrom) {
    const age = daysBetween(windowFrom, facts.today);
    if (age > facts.submissionWindowDays) {
      add(windowField, R.SUBMISSION_WINDOW, `${windowFrom} was ${age} days ago; claims must be submitted within ${facts.submissionWindowDays} days of service`);
    }
  }
  return { serviceDate, admissionDate, dischargeDate };
}

/** Checks a list of diagnosis codes and returns the valid ones, normalised and without repeats. */
function checkDiagnosisList(codes: readonly string[], field: string, facts: IntakeFacts, add: Add, onClaim?: ReadonlySet<string>): string[] {
  const valid: string[] = [];
  codes.forEach((raw, index) => {
    const path = `${field}[${index}]`;
    const code = normaliseDiagnosisCode(raw);
    if (!code) {
      add(path, R.INVALID_ICD10, `"${raw}" is not an ICD-10 code (e.g. B50.9)`);
      return;
    }
    const entry = facts.diagnoses.get(code);
    if (!entry) {
      add(path, R.INVALID_ICD10, `${code} is not in the ICD-10 catalogue`);
      return;
    }
    if (!entry.billable) {
      add(path, R.NON_BILLABLE_ICD10, `${code} is a category; name one of its subdivisions (e.g. ${code}${code.includes('.') ? '9' : '.9'})`);
      return;
    }
    if (onClaim && !onClaim.has(code)) {
      add(path, R.DIAGNOSIS_ON_CLAIM, `${code} must also be listed in the claim's diagnosisCodes`);
      return;
    }
    if (!valid.includes(code)) valid.push(code);
  });
  return valid;
}

function checkLine(line: IntakeLine, index: number, currency: string | null, onClaim: ReadonlySet<string>, facts: IntakeFacts, add: Add): AcceptedLine | null {
  const at = `lines[${index}]`;
  let ok = true;
  const fail: Add = (field, rule, message) => {
    ok = false;
    add(field, rule, message);
  };

  const serviceCode = line.serviceCode?.trim().toUpperCase() ?? '';
  const service = serviceCode ? facts.services.get(serviceCode) : undefined;
  if (!serviceCode) fail(`${at}.serviceCode`, R.REQUIRED, 'is required');
  else if (!service) fail(`${at}.serviceCode`, R.UNKNOWN_SERVICE_CODE, `${serviceCode} is not in the medical service catalogue`);
  else if (!service.active) fail(`${at}.serviceCode`, R.INACTIVE_SERVICE_CODE, `${serviceCode} has been retired and can no longer be billed`);

  const description = line.description?.trim() || service?.name || '';
  if (description.length > MAX_DESCRIPTION_LENGTH) fail(`${at}.description`, R.MAX_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`);

  const quantity = line.quantity ?? null;
  const quantityOk = quantity !== null && Number.isInteger(quantity) && quantity >= 1;
  if (!quantityOk) fail(`${at}.quantity`, R.MIN_QUANTITY, 'must be a whole number of at least 1');

  let unitPriceMinor: number | null = null;
  if (!line.unitPrice) fail(`${at}.unitPrice`, R.REQUIRED, 'is required');
  else if (currency) {
    unitPriceMinor = parseAmount(line.unitPrice, `${at}.unitPrice`, currency, fail);
    if (unitPriceMinor !== null && unitPriceMinor <= 0) {
      fail(`${at}.unitPrice`, R.POSITIVE_AMOUNT, 'must be more than zero');
      unitPriceMinor = null;
    }
  }

  let billedAmountMinor: number | null = null;
  if (quantityOk && unitPriceMinor !== null) {
    billedAmountMinor = quantity * unitPriceMinor;
    if (!Number.isSafeInteger(billedAmountMinor)) {
      fail(`${at}.quantity`, R.AMOUNT_TOO_LARGE, 'quantity × unit price is too large');
      billedAmountMinor = null;
    }
  }
  if (line.billedAmount && currency) {
    const stated = parseAmount(line.billedAmount, `${at}.billedAmount`, currency, fail);
    if (stated !== null && billedAmountMinor !== null && stated !== billedAmountMinor) {
      fail(`${at}.billedAmount`, R.BILLED_AMOUNT_MATCHES, `${line.billedAmount.amount} is not quantity × unit price`);
    }
  }

  const diagnosisCodes = checkDiagnosisList(line.diagnosisCodes ?? [], `${at}.diagnosisCodes`, facts, fail, onClaim);

  if (!ok || billedAmountMinor === null || unitPriceMinor === null) return null;
  return { lineNumber: index + 1, serviceCode, description, quantity: quantity!, unitPriceMinor, billedAmountMinor, diagnosisCodes };
}

/** Parses an amount in the claim's currency, reporting a wrong currency or inexact decimals. */
function parseAmount(amount: IntakeAmount, field: string, currency: string, add: Add): number | null {
  const given = amount.currency?.trim().toUpperCase();
  if (given && given !== currency) {
    add(field, R.SAME_CURRENCY, `is in ${given}; every amount on the claim must be in ${currency}`);
    return null;
  }
  try {
    return parseDecimal(amount.amount, currency);
  } catch (error) {
    const tooLarge = error instanceof RangeError && /too large/.test(error.message);
    add(field, tooLarge ? R.AMOUNT_TOO_LARGE : R.EXACT_AMOUNT, error instanceof Error ? error.message : 'is not an exact amount');
    return null;
  }
}
