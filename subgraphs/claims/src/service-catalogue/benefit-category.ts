import { registerEnumType } from 'type-graphql';

/**
 * The benefit a claim or a service draws on. Named for claims so that it can evolve apart from
 * the schemes subgraph's own benefit categories; the values are the ones schemes uses too.
 */
export enum ClaimBenefitCategory {
  INPATIENT = 'INPATIENT',
  OUTPATIENT = 'OUTPATIENT',
  MATERNITY = 'MATERNITY',
  DENTAL = 'DENTAL',
  OPTICAL = 'OPTICAL',
  CHRONIC = 'CHRONIC',
  MENTAL_HEALTH = 'MENTAL_HEALTH',
  EMERGENCY = 'EMERGENCY',
}
registerEnumType(ClaimBenefitCategory, { name: 'ClaimBenefitCategory', description: 'The benefit a claim or a medical service draws on.' });

export const CLAIM_BENEFIT_CATEGORIES = Object.values(ClaimBenefitCategory);
