/**
 * The other domains' events analytics is fed by, as analytics reads them. Each is declared here
 * rather than imported (no subgraph imports another's code); only the fields analytics uses.
 */
export const INGESTED_EVENTS = {
  CLAIM_DECIDED: 'claims.claim.decided',
  CLAIM_REVERSED: 'claims.claim.reversed',
  POLICY_CHANGED: 'schemes.policy.changed',
  SCHEME_VERSION_PUBLISHED: 'schemes.scheme-version.published',
  INVOICE_PAID: 'finance.invoice.paid',
  INVOICE_OVERDUE: 'finance.invoice.overdue',
  SETTLEMENT_POSTED: 'finance.settlement.posted',
  MEMBER_CHANGED: 'members.member.changed',
} as const;

export const INGESTED_EVENT_TYPES: string[] = Object.values(INGESTED_EVENTS);

export type ClaimDecision = 'APPROVED' | 'PARTIALLY_APPROVED' | 'DENIED' | 'PENDED';

export interface ClaimDecided {
  claimId: string;
  memberId: string;
  providerId: string;
  serviceDate: string;
  decision: ClaimDecision;
  currency: string;
  payableMinor: number;
  memberResponsibilityMinor: number;
  decidedAt: string;
  lines: { lineNumber: number; payableMinor: number; benefitId?: string | null }[];
  /** Added by claims for analytics; absent from events published before it was. */
  submittedAt?: string;
  decidedBy?: 'ENGINE' | 'REVIEW';
  benefitCategory?: string;
  policyId?: string | null;
  schemeVersionId?: string | null;
  benefitPeriodStart?: string | null;
}

export interface ClaimReversed {
  claimId: string;
  reversedAt: string;
}

export interface PolicyChanged {
  id: string;
  schemeId: string;
  schemeVersionId: string;
  companyId: string | null;
  status: string;
  coveredMembers: { memberId: string; coveredFrom: string; coveredTo: string }[];
  billingFrequency: string;
  premiumMinor: number;
  currency: string;
  version: number;
}

export interface SchemeVersionPublished {
  id: string;
  schemeId: string;
  currency: string;
  benefits: { id: string; category: string; annualLimitMinor: number; limitScope: 'INDIVIDUAL' | 'FAMILY' }[];
}

export interface InvoicePaid {
  invoiceId: string;
  policyId: string;
  /** The premium the invoice billed for the policy, before VAT (absent from older events). */
  netPremiumMinor?: number;
  currency?: string;
  paidAt: string;
}

export interface InvoiceOverdue {
  invoiceId: string;
  policyId: string;
}

export interface SettlementPosted {
  claimId: string;
  settlementId: string;
  amountMinor: number;
  currency: string;
}

/** Only the member's place and lifecycle: analytics keeps no names, contacts or birth dates. */
export interface MemberChanged {
  id: string;
  companyId: string | null;
  status: string;
  version: number;
}

/**
 * The fields of `T` analytics keeps, nested lists included. Every key of the interface must be
 * named, so a field added to an interface above is a compile error here until it is allowed.
 */
type Allowed<T> = { [K in keyof Required<T>]: NonNullable<T[K]> extends readonly (infer E)[] ? (E extends object ? Allowed<E> : true) : true };

/** What analytics keeps of each event it reads: exactly the fields its interface declares. */
const KEPT_FIELDS: Record<(typeof INGESTED_EVENTS)[keyof typeof INGESTED_EVENTS], object> = {
  [INGESTED_EVENTS.CLAIM_DECIDED]: {
    claimId: true,
    memberId: true,
    providerId: true,
    serviceDate: true,
    decision: true,
    currency: true,
    payableMinor: true,
    memberResponsibilityMinor: true,
    decidedAt: true,
    lines: { lineNumber: true, payableMinor: true, benefitId: true },
    submittedAt: true,
    decidedBy: true,
    benefitCategory: true,
    policyId: true,
    schemeVersionId: true,
    benefitPeriodStart: true,
  } satisfies Allowed<ClaimDecided>,
  [INGESTED_EVENTS.CLAIM_REVERSED]: { claimId: true, reversedAt: true } satisfies Allowed<ClaimReversed>,
  [INGESTED_EVENTS.POLICY_CHANGED]: {
    id: true,
    schemeId: true,
    schemeVersionId: true,
    companyId: true,
    status: true,
    coveredMembers: { memberId: true, coveredFrom: true, coveredTo: true },
    billingFrequency: true,
    premiumMinor: true,
    currency: true,
    version: true,
  } satisfies Allowed<PolicyChanged>,
  [INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED]: {
    id: true,
    schemeId: true,
    currency: true,
    benefits: { id: true, category: true, annualLimitMinor: true, limitScope: true },
  } satisfies Allowed<SchemeVersionPublished>,
  [INGESTED_EVENTS.INVOICE_PAID]: { invoiceId: true, policyId: true, netPremiumMinor: true, currency: true, paidAt: true } satisfies Allowed<InvoicePaid>,
  [INGESTED_EVENTS.INVOICE_OVERDUE]: { invoiceId: true, policyId: true } satisfies Allowed<InvoiceOverdue>,
  [INGESTED_EVENTS.SETTLEMENT_POSTED]: { claimId: true, settlementId: true, amountMinor: true, currency: true } satisfies Allowed<SettlementPosted>,
  [INGESTED_EVENTS.MEMBER_CHANGED]: { id: true, companyId: true, status: true, version: true } satisfies Allowed<MemberChanged>,
};

function pick(value: unknown, allowed: object): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, allowed));
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [field, nested] of Object.entries(allowed)) {
    const v = (value as Record<string, unknown>)[field];
    if (v !== undefined) kept[field] = nested === true ? v : pick(v, nested as object);
  }
  return kept;
}

/**
 * An event's payload cut down to the fields analytics declares for its type, before it is logged
 * or applied: other domains send more (a member's contacts and birth date) than analytics may hold.
 * An event type analytics does not read keeps nothing.
 */
export function keepDeclaredFields(type: string, payload: unknown): unknown {
  const allowed = (KEPT_FIELDS as Record<string, object | undefined>)[type];
  return allowed ? pick(payload, allowed) : {};
}
