/**
 * The adjudication engine's inputs and outputs: plain data, so each rule can be stated in a
 * test in a few lines. Money is integer minor units of `currency`; dates are YYYY-MM-DD.
 * The service loads these from the claim and the read models; the engine never touches a
 * database.
 */

export type BenefitCategory = 'INPATIENT' | 'OUTPATIENT' | 'MATERNITY' | 'DENTAL' | 'OPTICAL' | 'CHRONIC' | 'MENTAL_HEALTH' | 'EMERGENCY';

/** Why a line (or the claim) came out as it did. Each is recorded with the step that raised it. */
export enum ReasonCode {
  // intake and duplicates
  INTAKE_INVALID = 'INTAKE_INVALID',
  DUPLICATE_CLAIM = 'DUPLICATE_CLAIM',
  // provider
  PROVIDER_UNKNOWN = 'PROVIDER_UNKNOWN',
  PROVIDER_NOT_AUTHORIZED = 'PROVIDER_NOT_AUTHORIZED',
  PROVIDER_BLACKLISTED = 'PROVIDER_BLACKLISTED',
  PROVIDER_UNLICENSED = 'PROVIDER_UNLICENSED',
  PROVIDER_OUT_OF_NETWORK = 'PROVIDER_OUT_OF_NETWORK',
  // member and policy
  MEMBER_UNKNOWN = 'MEMBER_UNKNOWN',
  MEMBER_NOT_ACTIVE = 'MEMBER_NOT_ACTIVE',
  COVERAGE_TERMINATED = 'COVERAGE_TERMINATED',
  NO_COVERAGE = 'NO_COVERAGE',
  POLICY_NOT_ACTIVE = 'POLICY_NOT_ACTIVE',
  PREMIUM_ARREARS = 'PREMIUM_ARREARS',
  // benefit applicability
  NOT_COVERED = 'NOT_COVERED',
  EXCLUDED = 'EXCLUDED',
  CATEGORY_LIMITATION = 'CATEGORY_LIMITATION',
  AGE_RESTRICTION = 'AGE_RESTRICTION',
  GENDER_RESTRICTION = 'GENDER_RESTRICTION',
  WAITING_PERIOD = 'WAITING_PERIOD',
  // authorisation
  PENDING_AUTHORIZATION = 'PENDING_AUTHORIZATION',
  AUTHORIZATION_EXCEEDED = 'AUTHORIZATION_EXCEEDED',
  // limits and amounts
  QUANTITY_LIMIT = 'QUANTITY_LIMIT',
  FREQUENCY_LIMIT = 'FREQUENCY_LIMIT',
  TARIFF_EXCEEDED = 'TARIFF_EXCEEDED',
  DEDUCTIBLE_APPLIED = 'DEDUCTIBLE_APPLIED',
  COPAY_APPLIED = 'COPAY_APPLIED',
  COINSURANCE_APPLIED = 'COINSURANCE_APPLIED',
  PER_VISIT_LIMIT = 'PER_VISIT_LIMIT',
  SUB_LIMIT_EXCEEDED = 'SUB_LIMIT_EXCEEDED',
  BENEFIT_LIMIT_EXCEEDED = 'BENEFIT_LIMIT_EXCEEDED',
  OVERALL_LIMIT_EXCEEDED = 'OVERALL_LIMIT_EXCEEDED',
  FAMILY_LIMIT_EXCEEDED = 'FAMILY_LIMIT_EXCEEDED',
  // risk
  FRAUD_REVIEW = 'FRAUD_REVIEW',
  FRAUD_DENIED = 'FRAUD_DENIED',
  MEDICAL_NECESSITY_REVIEW = 'MEDICAL_NECESSITY_REVIEW',
}

export type LineOutcome = 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED' | 'PENDED';
export type ClaimDecision = 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED' | 'PENDED';
export type PendReason = 'REVIEW' | 'AUTHORIZATION';

/** The adjudication steps of DOMAIN.md, in order. */
export type Step =
  | 'INTAKE'
  | 'DUPLICATE'
  | 'PROVIDER'
  | 'MEMBER_POLICY'
  | 'BENEFIT'
  | 'WAITING_PERIOD'
  | 'PREAUTHORIZATION'
  | 'FREQUENCY_QUANTITY'
  | 'ELIGIBLE_AMOUNT'
  | 'COST_SHARE'
  | 'CAPS'
  | 'RISK'
  | 'DECISION';

export interface Reason {
  step: Step;
  code: ReasonCode;
  /** A sentence a member or an officer can read. */
  message: string;
}

export interface ClaimLineInput {
  lineNumber: number;
  serviceCode: string;
  /** The catalogue's category of the service, e.g. PHARMACY, CONSULTATION, LABORATORY, BED_DAY. */
  serviceCategory: string;
  quantity: number;
  unitPriceMinor: number;
  billedMinor: number;
  diagnosisCodes: string[];
}

export interface ClaimInput {
  id: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  benefitCategory: BenefitCategory;
  serviceDate: string;
  /** When the service happened, if the provider said (odd-hours rule). */
  serviceTime?: string | null;
  currency: string;
  diagnosisCodes: string[];
  lines: ClaimLineInput[];
  preauthorisationId?: string | null;
}

/** The member as the claims read model knows it (from members' events). */
export interface MemberFacts {
  id: string;
  principalId: string | null;
  /** The family the member belongs to: the principal's id (their own for a principal). */
  familyId: string;
  status: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' | 'DECEASED';
  dateOfBirth: string;
  gender: 'FEMALE' | 'MALE';
  enrolmentDate: string;
  terminationDate: string | null;
}

export interface SubLimitTerms {
  name: string;
  serviceCategory?: string | null;
  serviceCode?: string | null;
  limitMinor: number;
}

export interface QuantityLimitTerms {
  /** Which services count: a catalogue category or a service code; none means every service of the benefit. */
  serviceCategory?: string | null;
  serviceCode?: string | null;
  /** Units (quantity) allowed per benefit period. */
  maxQuantity: number;
}

export interface BenefitTerms {
  id: string;
  code: string;
  name: string;
  category: BenefitCategory;
  annualLimitMinor: number;
  /** INDIVIDUAL: each person has the limit; FAMILY: the family shares one. */
  limitScope: 'INDIVIDUAL' | 'FAMILY';
  perVisitLimitMinor: number | null;
  subLimits: SubLimitTerms[];
  quantityLimits: QuantityLimitTerms[];
  /** Visits (claims) allowed per benefit period, if limited. */
  maxVisitsPerPeriod?: number | null;
  waitingPeriodDays: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceBps: number;
  /** Every claim on the benefit needs a pre-authorisation. */
  requiresPreauthorisation: boolean;
  /** Claims of this amount or more need a pre-authorisation even when the benefit does not always. */
  preauthorisationThresholdMinor: number | null;
  minAge: number | null;
  maxAge: number | null;
  gender: 'FEMALE' | 'MALE' | null;
  /** Networks whose providers may be used for this benefit (empty: any network the scheme allows). */
  networkCodes: string[];
  /** Service codes or ICD-10 code prefixes the benefit does not pay for. */
  exclusions: string[];
}

/** The policy covering the member and the terms of the scheme version it was sold on. */
export interface CoverageFacts {
  policyId: string;
  policyStatus: 'PENDING' | 'ACTIVE' | 'SUSPENDED' | 'CANCELLED' | 'EXPIRED';
  /** The member's cover window on the policy (inclusive). */
  coveredFrom: string;
  coveredTo: string | null;
  /**
   * Continuous cover since: waiting periods count from here. A renewal does not start them
   * again, so this is the member's enrolment when it is earlier than this policy's cover.
   * Defaults to `coveredFrom`.
   */
  waitingPeriodFrom?: string;
  schemeVersionId: string;
  /** Networks the scheme allows (empty: any provider). */
  allowedNetworkCodes: string[];
  overallAnnualLimitPerPersonMinor: number;
  overallAnnualLimitPerFamilyMinor: number | null;
  /** The benefit period that contains the service date (limits reset when it turns). */
  period: { start: string; end: string };
  benefits: BenefitTerms[];
  /** The scheme lets critical fraud risk deny automatically (otherwise it pends). */
  autoDenyCriticalRisk: boolean;
  /** True when premiums are unpaid past the grace period (finance's word via schemes). */
  premiumInArrears: boolean;
}

export interface ProviderFacts {
  id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
  blacklisted: boolean;
  /** Licence validity windows (inclusive); the service date must fall in one. */
  licences: { validFrom: string; validTo: string }[];
  networks: { code: string; joinedOn: string; leftOn: string | null }[];
  /** Agreed prices per service code in force on the service date. */
  tariffs: Record<string, number>;
}

export interface PreauthorisationFacts {
  id: string;
  status: 'REQUESTED' | 'APPROVED' | 'DENIED' | 'EXPIRED';
  approvedMinor: number;
  /** What of the approved amount earlier claims already used. */
  usedMinor: number;
  validFrom: string;
  validTo: string;
  benefitCategory: BenefitCategory;
}

/** What has been used so far in the benefit period, before this claim (from the utilisation ledger). */
export interface UtilisationFacts {
  /** Per benefit id: amount paid for this member, and for the whole family. */
  benefitMemberMinor: Record<string, number>;
  benefitFamilyMinor: Record<string, number>;
  /** Per benefit id and sub-limit name, keyed by `subLimitKey(benefitId, name)` (keys.ts). */
  subLimitMemberMinor: Record<string, number>;
  /** Per benefit id + quantity limit key: units used by this member, keyed by `quantityLimitKey(benefitId, limit)` (keys.ts). */
  quantityUsed: Record<string, number>;
  /** Per benefit id: visits (claims) used by this member. */
  visitsUsed: Record<string, number>;
  /** Deductible already met by the member in the period, per benefit id. */
  deductibleMetMinor: Record<string, number>;
  overallMemberMinor: number;
  overallFamilyMinor: number;
}

/** A previous claim, for duplicate detection and fraud scoring. */
export interface ClaimHistoryItem {
  claimId: string;
  claimNumber: string;
  memberId: string;
  providerId: string;
  benefitCategory: BenefitCategory;
  serviceDate: string;
  billedMinor: number;
  status: string;
  serviceCodes: string[];
  diagnosisCodes: string[];
}

export interface AdjudicationInput {
  claim: ClaimInput;
  member: MemberFacts | null;
  coverage: CoverageFacts | null;
  provider: ProviderFacts | null;
  preauthorisation: PreauthorisationFacts | null;
  utilisation: UtilisationFacts;
  /** The member's recent claims and the provider's, excluding this one. */
  memberHistory: ClaimHistoryItem[];
  providerHistory: ClaimHistoryItem[];
  /**
   * The provider's other claims per service date over the 31 days before this claim's (and on
   * it). A busy hospital has thousands of claims a month: the service passes these counts
   * instead of every claim, and the volume rule uses them when given.
   */
  providerClaimsByDay?: Record<string, number>;
  /** Provider-wide average billed amount per unit, per service code (amount outliers). */
  providerAverages?: Record<string, number>;
  options: AdjudicationOptions;
}

export interface AdjudicationOptions {
  /** Same member, provider, benefit, amount and service date within this many days is a duplicate. */
  duplicateWindowDays: number;
  /** Risk score at or above which a claim is pended for review (0-100). */
  reviewRiskScore: number;
  /** Risk score at or above which a claim is critical (auto-denied where the scheme allows). */
  criticalRiskScore: number;
}

/** One rule of the risk score that fired, with its weight: the explanation of the score. */
export interface RiskSignal {
  rule: string;
  weight: number;
  detail: string;
  /** Added: whether the rule suspects fraud or questions medical necessity (diagnosis and service that do not fit). */
  kind?: 'FRAUD' | 'MEDICAL_NECESSITY';
}

export interface RiskAssessment {
  /** 0-100, the sum of fired weights capped at 100. */
  score: number;
  level: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  signals: RiskSignal[];
}

export interface LineResult {
  lineNumber: number;
  outcome: LineOutcome;
  reasons: Reason[];
  benefitId: string | null;
  /** Quantity approved after frequency/quantity limits. */
  approvedQuantity: number;
  submittedMinor: number;
  /** Lower of billed and tariff, for the approved quantity. */
  eligibleMinor: number;
  /** Billed above the tariff or for units not approved: the provider's loss, not the member's. */
  disallowedMinor: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceMinor: number;
  /** What the scheme pays. */
  payableMinor: number;
  /** Cut by a limit (sub-limit, benefit, overall): the member's to pay. */
  exceededMinor: number;
}

/** How the utilisation ledger must move when the decision is stored. */
export interface UtilisationDelta {
  benefitId: string;
  memberId: string;
  familyId: string;
  periodStart: string;
  periodEnd: string;
  amountMinor: number;
  subLimits: Record<string, number>;
  quantities: Record<string, number>;
  visits: number;
  deductibleMinor: number;
}

/** Added: what one step of DOMAIN.md's order concluded for the claim (the audit trail of a decision). */
export interface StepRecord {
  step: Step;
  /**
   * PASSED: nothing changed; ADJUSTED: some lines were cut, denied or had amounts applied;
   * FAILED: the claim (or every line still open) was denied here; PENDED: the claim waits here;
   * SKIPPED: not reached because an earlier step decided the claim.
   */
  outcome: 'PASSED' | 'ADJUSTED' | 'FAILED' | 'PENDED' | 'SKIPPED';
  /** The distinct reason codes the step raised, claim-level and per line. */
  codes: ReasonCode[];
  message: string;
}

export interface AdjudicationResult {
  decision: ClaimDecision;
  pendReason: PendReason | null;
  /** Claim-level reasons (duplicate, provider, member, risk...). */
  reasons: Reason[];
  lines: LineResult[];
  risk: RiskAssessment;
  totals: {
    submittedMinor: number;
    eligibleMinor: number;
    disallowedMinor: number;
    deductibleMinor: number;
    copayMinor: number;
    coinsuranceMinor: number;
    payableMinor: number;
    exceededMinor: number;
    /** What the member owes the provider: cost share plus what limits cut. */
    memberResponsibilityMinor: number;
  };
  /** Empty unless the claim is APPROVED or PARTIALLY_APPROVED. */
  utilisation: UtilisationDelta[];
  /** Set when the claim duplicates an earlier one. */
  duplicateOf: { claimId: string; claimNumber: string } | null;
  /** Added: every step of DOMAIN.md's order with its outcome, in order (INTAKE to DECISION). Always set by `adjudicate`. */
  steps?: StepRecord[];
}
