import { formatMinor } from '../../../../../kit/money';
import { ReasonCode } from './types';
import type { AdjudicationResult, BenefitCategory, ClaimDecision, ClaimInput, LineResult, Reason } from './types';
import { amount, units } from './wording';

/** Names the service looks up so the EOB can speak of things, not ids. All optional. */
export interface EobNames {
  member?: string;
  provider?: string;
  benefit?: string;
  /** Service name per service code ("CON-GP" → "General practitioner consultation"). */
  services?: Record<string, string>;
}

export interface EobAmount {
  minor: number;
  /** "KES 1,500.00". */
  text: string;
}

export interface EobLine {
  lineNumber: number;
  serviceCode: string;
  service: string;
  quantity: number;
  approvedQuantity: number;
  outcome: LineResult['outcome'];
  billed: EobAmount;
  schemePays: EobAmount;
  /** Deductible, copay, coinsurance and what limits cut. */
  youPay: EobAmount;
  /** Disallowed: above the agreed price, over a quantity limit, or not covered. */
  notPaid: EobAmount;
  /** Plain sentences: what happened to this line and why. */
  explanation: string[];
}

export interface ExplanationOfBenefits {
  claimNumber: string;
  serviceDate: string;
  member: string;
  provider: string;
  benefit: string;
  decision: ClaimDecision;
  /** One sentence: what was decided and what the scheme pays. */
  headline: string;
  lines: EobLine[];
  totals: { billed: EobAmount; schemePays: EobAmount; youPay: EobAmount; notPaid: EobAmount };
  /** Claim-level sentences (why it was denied or is waiting). */
  notes: string[];
}

/** Denials where the provider, not the member, is at fault: the provider may not bill the member for them. */
const PROVIDER_SIDE = new Set<ReasonCode>([
  ReasonCode.DUPLICATE_CLAIM,
  ReasonCode.PROVIDER_UNKNOWN,
  ReasonCode.PROVIDER_NOT_AUTHORIZED,
  ReasonCode.PROVIDER_BLACKLISTED,
  ReasonCode.PROVIDER_UNLICENSED,
  ReasonCode.PROVIDER_OUT_OF_NETWORK,
  ReasonCode.TARIFF_EXCEEDED,
  ReasonCode.FRAUD_DENIED,
]);

/**
 * The explanation of benefits a member reads: per line the service, what was billed, what the
 * scheme pays, what the member pays and why, in sentences with amounts in the claim's currency.
 */
export function explanationOfBenefits(claim: ClaimInput, result: AdjudicationResult, names: EobNames = {}): ExplanationOfBenefits {
  const money = (minor: number): EobAmount => ({ minor, text: amount(minor, claim.currency) });
  const lines = result.lines.map((line): EobLine => {
    const source = claim.lines.find((candidate) => candidate.lineNumber === line.lineNumber);
    const serviceCode = source?.serviceCode ?? '';
    const youPay = line.deductibleMinor + line.copayMinor + line.coinsuranceMinor + line.exceededMinor;
    return {
      lineNumber: line.lineNumber,
      serviceCode,
      service: names.services?.[serviceCode] ?? serviceCode,
      quantity: source?.quantity ?? line.approvedQuantity,
      approvedQuantity: line.approvedQuantity,
      outcome: line.outcome,
      billed: money(line.submittedMinor),
      schemePays: money(line.payableMinor),
      youPay: money(youPay),
      notPaid: money(line.disallowedMinor),
      explanation: explainLine(line, source?.quantity ?? line.approvedQuantity, claim.currency),
    };
  });
  const t = result.totals;
  return {
    claimNumber: claim.claimNumber,
    serviceDate: claim.serviceDate,
    member: names.member ?? claim.memberId,
    provider: names.provider ?? claim.providerId,
    benefit: names.benefit ?? categoryName(claim.benefitCategory),
    decision: result.decision,
    headline: headline(result, claim.currency),
    lines,
    totals: { billed: money(t.submittedMinor), schemePays: money(t.payableMinor), youPay: money(t.memberResponsibilityMinor), notPaid: money(t.disallowedMinor) },
    notes: result.reasons.map((why) => why.message),
  };
}

function headline(result: AdjudicationResult, currency: string): string {
  const pays = amount(result.totals.payableMinor, currency);
  const yours = amount(result.totals.memberResponsibilityMinor, currency);
  switch (result.decision) {
    case 'APPROVED':
      return `Your claim is approved. The scheme pays ${pays} and your share is ${yours}.`;
    case 'PARTIALLY_APPROVED':
      return `Your claim is partly approved. The scheme pays ${pays} and your share is ${yours}.`;
    case 'PENDED':
      return result.pendReason === 'AUTHORIZATION'
        ? 'Your claim is waiting for a pre-authorisation. Nothing is paid until it is approved.'
        : 'Your claim is being reviewed by our claims team. Nothing is paid until the review ends.';
    case 'DENIED':
      return 'Your claim is not approved, so the scheme pays nothing on it.';
  }
}

function explainLine(line: LineResult, quantity: number, currency: string): string[] {
  const money = (minor: number) => amount(minor, currency);
  const sentences: string[] = [];
  if (line.outcome === 'DENIED' && line.eligibleMinor === 0) {
    const why = line.reasons.find((candidate) => !PROVIDER_SIDE.has(candidate.code)) ?? line.reasons[0];
    sentences.push(`The scheme does not pay for this service. ${why ? why.message : ''}`.trim());
    sentences.push(
      why && PROVIDER_SIDE.has(why.code)
        ? 'Your provider may not ask you to pay for it.'
        : `It is not covered by your scheme, so your provider may ask you to pay the ${money(line.submittedMinor)} billed.`,
    );
    return sentences;
  }
  if (line.outcome === 'PENDED') sentences.push('This line is waiting; the amounts below are what the scheme expects to pay once it is cleared.');
  if (line.approvedQuantity < quantity) sentences.push(`${units(line.approvedQuantity)} of the ${quantity} billed are covered: ${firstMessage(line, ReasonCode.QUANTITY_LIMIT)}`);
  const tariff = line.reasons.find((candidate) => candidate.code === ReasonCode.TARIFF_EXCEEDED);
  if (tariff) sentences.push(`Your provider billed more than the price agreed with the scheme; the difference is not yours to pay.`);
  if (line.deductibleMinor > 0) sentences.push(`You pay ${money(line.deductibleMinor)} towards your yearly deductible.`);
  if (line.copayMinor > 0) sentences.push(`You pay a fixed copay of ${money(line.copayMinor)}.`);
  if (line.coinsuranceMinor > 0) sentences.push(`You pay ${money(line.coinsuranceMinor)} as your share (coinsurance) of the cost.`);
  if (line.exceededMinor > 0) {
    sentences.push(`${money(line.exceededMinor)} is over your cover limits, so it is yours to pay.`);
    for (const cut of line.reasons.filter((candidate) => isLimitCode(candidate.code))) sentences.push(cut.message);
  }
  sentences.push(`The scheme pays ${money(line.payableMinor)}.`);
  return sentences;
}

function firstMessage(line: LineResult, code: ReasonCode): string {
  return line.reasons.find((candidate) => candidate.code === code)?.message ?? '';
}

function isLimitCode(code: ReasonCode): boolean {
  return (
    code === ReasonCode.PER_VISIT_LIMIT ||
    code === ReasonCode.SUB_LIMIT_EXCEEDED ||
    code === ReasonCode.BENEFIT_LIMIT_EXCEEDED ||
    code === ReasonCode.OVERALL_LIMIT_EXCEEDED ||
    code === ReasonCode.FAMILY_LIMIT_EXCEEDED ||
    code === ReasonCode.AUTHORIZATION_EXCEEDED
  );
}

function categoryName(category: BenefitCategory): string {
  const words = category.toLowerCase().replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

// FHIR R4 ClaimResponse: the shape only, no FHIR library.

export const FHIR_ADJUDICATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/adjudication';
/** Our own codes where FHIR has none (coinsurance, disallowed, exceeded) and our reason codes. */
export const LOCAL_ADJUDICATION_SYSTEM = 'urn:medical-coverage:adjudication';
export const LOCAL_REASON_SYSTEM = 'urn:medical-coverage:adjudication-reason';

export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}
export interface FhirMoney {
  value: number;
  currency: string;
}
export interface FhirAdjudication {
  category: { coding: FhirCoding[] };
  reason?: { coding: FhirCoding[]; text?: string };
  amount?: FhirMoney;
  value?: number;
}
export interface FhirClaimResponse {
  resourceType: 'ClaimResponse';
  id?: string;
  status: 'active';
  type: { coding: FhirCoding[] };
  use: 'claim';
  patient: { reference: string };
  created: string;
  insurer: { reference?: string; display?: string };
  requestor: { reference: string };
  request: { reference: string; identifier?: { value: string } };
  outcome: 'queued' | 'complete' | 'error' | 'partial';
  disposition: string;
  preAuthRef?: string;
  item: { itemSequence: number; adjudication: FhirAdjudication[] }[];
  total: FhirAdjudication[];
  payment?: { type: { coding: FhirCoding[] }; amount: FhirMoney };
  processNote: { number: number; type: 'display'; text: string }[];
}

const CLAIM_TYPE: Record<BenefitCategory, string> = {
  INPATIENT: 'institutional',
  MATERNITY: 'institutional',
  EMERGENCY: 'institutional',
  OUTPATIENT: 'professional',
  CHRONIC: 'professional',
  MENTAL_HEALTH: 'professional',
  DENTAL: 'oral',
  OPTICAL: 'vision',
};

/**
 * The adjudication as a FHIR R4 ClaimResponse: per item the FHIR adjudication categories
 * submitted, eligible, deductible, copay and benefit (what the scheme pays), plus our own
 * coinsurance, disallowed and exceeded, with the line's reason codes. `created` is passed in, the
 * engine keeps no clock. Money values are JSON numbers as FHIR requires, read from the exact decimal.
 */
export function toFhirClaimResponse(
  claim: ClaimInput,
  result: AdjudicationResult,
  meta: { created: string; id?: string; insurer?: string },
): FhirClaimResponse {
  const money = (minor: number): FhirMoney => ({ value: Number(formatMinor(minor, claim.currency)), currency: claim.currency });
  const adjudications = (amounts: Pick<LineResult, 'submittedMinor' | 'eligibleMinor' | 'deductibleMinor' | 'copayMinor' | 'coinsuranceMinor' | 'payableMinor' | 'disallowedMinor' | 'exceededMinor'>, reasons: readonly Reason[] = []): FhirAdjudication[] => [
    adjudication(FHIR_ADJUDICATION_SYSTEM, 'submitted', money(amounts.submittedMinor)),
    adjudication(FHIR_ADJUDICATION_SYSTEM, 'eligible', money(amounts.eligibleMinor)),
    adjudication(FHIR_ADJUDICATION_SYSTEM, 'deductible', money(amounts.deductibleMinor)),
    adjudication(FHIR_ADJUDICATION_SYSTEM, 'copay', money(amounts.copayMinor)),
    adjudication(LOCAL_ADJUDICATION_SYSTEM, 'coinsurance', money(amounts.coinsuranceMinor)),
    adjudication(FHIR_ADJUDICATION_SYSTEM, 'benefit', money(amounts.payableMinor)),
    adjudication(LOCAL_ADJUDICATION_SYSTEM, 'disallowed', money(amounts.disallowedMinor)),
    adjudication(LOCAL_ADJUDICATION_SYSTEM, 'exceeded', money(amounts.exceededMinor)),
    ...reasons.map(
      (why): FhirAdjudication => ({
        category: { coding: [{ system: LOCAL_ADJUDICATION_SYSTEM, code: 'reason' }] },
        reason: { coding: [{ system: LOCAL_REASON_SYSTEM, code: why.code }], text: why.message },
      }),
    ),
  ];
  const paid = result.decision === 'APPROVED' || result.decision === 'PARTIALLY_APPROVED';
  return {
    resourceType: 'ClaimResponse',
    ...(meta.id ? { id: meta.id } : {}),
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: CLAIM_TYPE[claim.benefitCategory] }] },
    use: 'claim',
    patient: { reference: `Patient/${claim.memberId}` },
    created: meta.created,
    insurer: meta.insurer ? { display: meta.insurer } : {},
    requestor: { reference: `Organization/${claim.providerId}` },
    request: { reference: `Claim/${claim.id}`, identifier: { value: claim.claimNumber } },
    outcome: result.decision === 'PENDED' ? 'queued' : 'complete',
    disposition: headline(result, claim.currency),
    ...(claim.preauthorisationId ? { preAuthRef: claim.preauthorisationId } : {}),
    item: result.lines.map((line) => ({ itemSequence: line.lineNumber, adjudication: adjudications(line, line.reasons) })),
    total: adjudications(result.totals),
    ...(paid ? { payment: { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-paymenttype', code: 'complete' }] }, amount: money(result.totals.payableMinor) } } : {}),
    processNote: result.reasons.map((why, index) => ({ number: index + 1, type: 'display' as const, text: why.message })),
  };
}

function adjudication(system: string, code: string, money: FhirMoney): FhirAdjudication {
  return { category: { coding: [{ system, code }] }, amount: money };
}
