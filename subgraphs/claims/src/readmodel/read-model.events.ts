/**
 * The other domains' events claims keeps read models from, as their publishers describe them.
 * Payloads carry the entity's whole current state and a `version` that grows with each change
 * (published scheme versions are immutable and carry none).
 */

export const READ_MODEL_EVENTS = {
  MEMBER_CHANGED: 'members.member.changed',
  POLICY_CHANGED: 'schemes.policy.changed',
  SCHEME_VERSION_PUBLISHED: 'schemes.scheme-version.published',
  PROVIDER_CHANGED: 'providers.provider.changed',
  CONTRACT_CHANGED: 'providers.contract.changed',
} as const;

/** Asked of the other domains after `rebuildReadModels`: each answers with a snapshot of everything. */
export const READ_MODELS_REBUILD_REQUESTED = 'claims.read-models.rebuild-requested';

export interface MemberChangedPayload {
  id: string;
  memberNumber: string;
  type: 'PRINCIPAL' | 'DEPENDANT';
  relationship: string | null;
  principalId: string | null;
  companyId: string | null;
  dateOfBirth: string;
  gender: string;
  status: string;
  enrolmentDate: string;
  terminationDate: string | null;
  version: number;
}

export interface PolicyChangedPayload {
  id: string;
  policyNumber: string;
  schemeId: string | null;
  schemeVersionId: string;
  holderMemberId: string | null;
  companyId: string | null;
  startDate: string;
  endDate: string | null;
  status: string;
  premiumInArrears: boolean;
  coveredMembers: { memberId: string; coveredFrom: string; coveredTo: string | null }[];
  version: number;
}

export interface PublishedBenefit {
  id: string;
  code: string;
  name: string;
  category: string;
  annualLimitMinor: number;
  limitScope: 'INDIVIDUAL' | 'FAMILY';
  perVisitLimitMinor: number | null;
  subLimits: { name: string; serviceCategory: string | null; serviceCode: string | null; limitMinor: number }[];
  quantityLimits: { serviceCategory: string | null; serviceCode: string | null; maxQuantity: number }[];
  maxVisitsPerPeriod: number | null;
  waitingPeriodDays: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceBps: number;
  requiresPreauthorisation: boolean;
  preauthorisationThresholdMinor: number | null;
  minAge: number | null;
  maxAge: number | null;
  gender: 'FEMALE' | 'MALE' | null;
  networkCodes: string[];
  exclusions: string[];
}

export interface SchemeVersionPublishedPayload {
  id: string;
  schemeId: string | null;
  schemeCode: string;
  schemeName: string;
  versionNumber: number;
  currency: string;
  benefitPeriod: 'CALENDAR_YEAR' | 'POLICY_YEAR';
  effectiveFrom: string | null;
  overallAnnualLimitPerPersonMinor: number;
  overallAnnualLimitPerFamilyMinor: number | null;
  allowedNetworkCodes: string[];
  autoDenyCriticalRisk: boolean;
  benefits: PublishedBenefit[];
}

export interface ProviderChangedPayload {
  id: string;
  name: string;
  type: string;
  status: string;
  blacklisted: boolean;
  county: string | null;
  licences: { number: string; validFrom: string; validTo: string | null }[];
  networks: { code: string; joinedOn: string; leftOn: string | null }[];
  version: number;
}

export interface ContractChangedPayload {
  id: string;
  providerId: string;
  status: string;
  validFrom: string;
  validTo: string | null;
  currency: string;
  tariffs: { serviceCode: string; priceMinor: number }[];
  version: number;
}
