/** The claims adjudication engine: plain functions over plain inputs (see adjudicate.ts). */
export * from './types';
export { adjudicate, STEPS } from './adjudicate';
export { DEFAULT_ADJUDICATION_OPTIONS } from './options';
export { quantityLimitKey, subLimitKey } from './keys';
export { explanationOfBenefits, toFhirClaimResponse } from './eob';
export type { EobAmount, EobLine, EobNames, ExplanationOfBenefits, FhirClaimResponse } from './eob';
export { assessRisk, RISK_RULES, RISK_THRESHOLDS } from './risk';
export { claimBilledMinor } from './duplicate';
