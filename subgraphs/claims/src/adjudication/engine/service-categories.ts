import type { BenefitCategory, ClaimLineInput, QuantityLimitTerms, SubLimitTerms } from './types';

/**
 * Which claim (benefit) categories a line's service category may be billed on (step 5,
 * CATEGORY_LIMITATION). Two vocabularies arrive here:
 * - the claims service catalogue tags each service with a benefit category (CON-GP is OUTPATIENT,
 *   DEN-EXTRACTION is DENTAL, IP-BED-GENERAL is INPATIENT);
 * - schemes name sub-limits by kind of service (PHARMACY, LABORATORY, ROOM_AND_BOARD, FRAMES...).
 * General services (consultations, tests, imaging, medicines: the catalogue's OUTPATIENT) are used
 * in every setting, so they fit every claim. Specialty services fit only their own benefit, so a
 * dental service cannot ride on an optical claim and antenatal care cannot dodge the maternity
 * waiting period by coming in as outpatient. A category this table does not know is accepted as
 * given: the engine does not second-guess a catalogue it has not been told about.
 */
const EVERY: readonly BenefitCategory[] = ['INPATIENT', 'OUTPATIENT', 'MATERNITY', 'DENTAL', 'OPTICAL', 'CHRONIC', 'MENTAL_HEALTH', 'EMERGENCY'];
const ADMITTED: readonly BenefitCategory[] = ['INPATIENT', 'MATERNITY', 'MENTAL_HEALTH', 'EMERGENCY'];

export const SERVICE_CATEGORY_BENEFITS: Readonly<Record<string, readonly BenefitCategory[]>> = {
  // The service catalogue's categories.
  OUTPATIENT: EVERY,
  EMERGENCY: ['EMERGENCY', 'OUTPATIENT', 'INPATIENT', 'MATERNITY'],
  INPATIENT: ADMITTED,
  CHRONIC: ['CHRONIC', 'OUTPATIENT', 'INPATIENT'],
  MENTAL_HEALTH: ['MENTAL_HEALTH', 'OUTPATIENT', 'INPATIENT'],
  MATERNITY: ['MATERNITY'],
  DENTAL: ['DENTAL'],
  OPTICAL: ['OPTICAL'],
  // Schemes' kinds of service.
  CONSULTATION: EVERY,
  PHARMACY: EVERY,
  LABORATORY: EVERY,
  IMAGING: EVERY,
  PROCEDURE: EVERY,
  ROOM_AND_BOARD: ADMITTED,
  BED_DAY: ADMITTED,
  NORMAL_DELIVERY: ['MATERNITY'],
  CAESAREAN_SECTION: ['MATERNITY'],
  ANTENATAL: ['MATERNITY'],
  POSTNATAL: ['MATERNITY'],
  SCALING: ['DENTAL'],
  FRAMES: ['OPTICAL'],
  LENSES: ['OPTICAL'],
};

/** Specialty services, for the diagnosis-fit risk rules: the specialty each belongs to. */
const SPECIALTY: Readonly<Record<string, BenefitCategory>> = {
  DENTAL: 'DENTAL',
  SCALING: 'DENTAL',
  OPTICAL: 'OPTICAL',
  FRAMES: 'OPTICAL',
  LENSES: 'OPTICAL',
  MATERNITY: 'MATERNITY',
  NORMAL_DELIVERY: 'MATERNITY',
  CAESAREAN_SECTION: 'MATERNITY',
  ANTENATAL: 'MATERNITY',
  POSTNATAL: 'MATERNITY',
  MENTAL_HEALTH: 'MENTAL_HEALTH',
};

/** Whether a service of this category may be billed on a claim of this benefit category. */
export function serviceFitsBenefit(serviceCategory: string, benefitCategory: BenefitCategory): boolean {
  const allowed = SERVICE_CATEGORY_BENEFITS[serviceCategory.toUpperCase()];
  return allowed === undefined || allowed.includes(benefitCategory);
}

/** The specialty (dental, optical, maternity, mental health) a service belongs to, or null for general services. */
export function specialtyOf(serviceCategory: string): BenefitCategory | null {
  return SPECIALTY[serviceCategory.toUpperCase()] ?? null;
}

/**
 * Whether a sub-limit or quantity limit counts this line: by service code when it names one,
 * otherwise by service category, otherwise every line of the benefit.
 */
export function limitCoversLine(
  scope: Pick<SubLimitTerms | QuantityLimitTerms, 'serviceCode' | 'serviceCategory'>,
  line: Pick<ClaimLineInput, 'serviceCode' | 'serviceCategory'>,
): boolean {
  if (scope.serviceCode) return scope.serviceCode.toUpperCase() === line.serviceCode.toUpperCase();
  if (scope.serviceCategory) return scope.serviceCategory.toUpperCase() === line.serviceCategory.toUpperCase();
  return true;
}
