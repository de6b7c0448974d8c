import { ClaimBenefitCategory as C } from '../service-catalogue/benefit-category';

/** Services named by code for the kinds schemes set sub-limits and quantity limits on. */
const BY_CODE: Readonly<Record<string, string>> = {
  'MAT-CS': 'CAESAREAN_SECTION',
  'MAT-NVD': 'NORMAL_DELIVERY',
  'MAT-ANC': 'ANTENATAL',
  'MAT-PNC': 'POSTNATAL',
  'DEN-SCALING': 'SCALING',
  'OPT-FRAMES': 'FRAMES',
  'OPT-LENS-SINGLE': 'LENSES',
  'OPT-LENS-BIFOCAL': 'LENSES',
  'IP-BED-GENERAL': 'BED_DAY',
  'IP-BED-PRIVATE': 'BED_DAY',
  'IP-HDU': 'BED_DAY',
  'IP-ICU': 'BED_DAY',
};

/** General services by code prefix. */
const BY_PREFIX: Readonly<Record<string, string>> = {
  CON: 'CONSULTATION',
  THR: 'CONSULTATION',
  LAB: 'LABORATORY',
  IMG: 'IMAGING',
  DX: 'IMAGING',
  PHA: 'PHARMACY',
  PROC: 'PROCEDURE',
  VAC: 'PROCEDURE',
};

/** Catalogue categories whose services belong to every setting (see the engine's service-categories.ts). */
const GENERAL = new Set<string>([C.OUTPATIENT, C.CHRONIC]);

/**
 * The service category the engine matches sub-limits, quantity limits and benefit fit on. The
 * catalogue tags each service with the benefit it usually draws on; schemes name limits by kind
 * of service (PHARMACY, LABORATORY, BED_DAY, CAESAREAN_SECTION...). So: the named kinds by code,
 * general services (the catalogue's OUTPATIENT and CHRONIC) by the kind their code prefix says,
 * and specialty services (maternity, dental, optical, mental health, inpatient, emergency) by
 * their catalogue category, which keeps them to their own benefit.
 */
export function serviceCategoryOf(service: { code: string; category: string }): string {
  const named = BY_CODE[service.code];
  if (named) return named;
  if (GENERAL.has(service.category)) return BY_PREFIX[service.code.split('-')[0]] ?? service.category;
  return service.category;
}
