import { quantityLimitKey, subLimitKey } from './keys';
import { limitCoversLine } from './service-categories';
import { ReasonCode } from './types';
import type {
  AdjudicationResult,
  BenefitTerms,
  ClaimDecision,
  ClaimLineInput,
  CoverageFacts,
  LineOutcome,
  LineResult,
  MemberFacts,
  PendReason,
  Reason,
  RiskAssessment,
  Step,
  UtilisationDelta,
} from './types';
import { reason } from './wording';

/**
 * A line's own outcome once its amounts are known. DENIED when a rule denied it, or when limits
 * (or the authorisation) took all of what the scheme would have paid. PARTIALLY_APPROVED when units
 * were cut by a quantity limit or money by a limit or the authorisation. Cost share and the tariff
 * never make a line partial: cost share is the member's agreed part, and a tariff cut is the
 * provider's loss under its contract, which the member does not feel.
 */
export function lineOutcome(line: LineResult, quantity: number, denied: boolean): LineOutcome {
  if (denied || (line.payableMinor === 0 && line.exceededMinor > 0)) return 'DENIED';
  if (line.approvedQuantity < quantity || line.exceededMinor > 0) return 'PARTIALLY_APPROVED';
  return 'APPROVED';
}

/** Steps whose reasons explain amounts; a denial zeroes the amounts, so it drops their explanations. */
const AMOUNT_STEPS = new Set<Step>(['ELIGIBLE_AMOUNT', 'COST_SHARE', 'CAPS']);

/** Sets a line to denied: nothing eligible, everything billed disallowed, only the reasons that still hold. */
export function denyLine(line: LineResult, why: Reason): void {
  line.reasons = line.reasons.filter((kept) => !AMOUNT_STEPS.has(kept.step) && kept.code !== ReasonCode.AUTHORIZATION_EXCEEDED);
  line.outcome = 'DENIED';
  line.approvedQuantity = 0;
  line.eligibleMinor = 0;
  line.disallowedMinor = line.submittedMinor;
  line.deductibleMinor = 0;
  line.copayMinor = 0;
  line.coinsuranceMinor = 0;
  line.payableMinor = 0;
  line.exceededMinor = 0;
  line.reasons.push(why);
}

export interface DecisionFacts {
  /** A denial of the whole claim at steps 2-4 (duplicate, provider, member and policy). */
  claimDenial: Reason | null;
  /** Lines with their own outcomes (lineOutcome). */
  lines: LineResult[];
  /** PENDING_AUTHORIZATION when step 7 found no approved pre-authorisation. */
  authorisationPending: Reason | null;
  risk: RiskAssessment;
  autoDenyCriticalRisk: boolean;
}

export interface Decision {
  decision: ClaimDecision;
  pendReason: PendReason | null;
  /** The claim-level reasons: the denial, the authorisation awaited, the risk review or denial. */
  reasons: Reason[];
}

/**
 * Step 13, in order: a claim-level denial; every line denied; critical risk where the scheme
 * lets it deny (FRAUD_DENIED, every line denied); a missing authorisation (PENDED, AUTHORIZATION:
 * re-adjudication once it arrives scores the risk again); high or critical risk (PENDED, REVIEW);
 * some line denied or cut (PARTIALLY_APPROVED); otherwise APPROVED. Pended claims keep their
 * provisional amounts on lines marked PENDED. Mutates the lines' outcomes to match.
 */
export function decide(facts: DecisionFacts): Decision {
  const { lines, risk } = facts;
  if (facts.claimDenial) return { decision: 'DENIED', pendReason: null, reasons: [facts.claimDenial] };
  if (lines.every((line) => line.outcome === 'DENIED')) return { decision: 'DENIED', pendReason: null, reasons: [] };
  if (risk.level === 'CRITICAL' && facts.autoDenyCriticalRisk) {
    const why = reason('RISK', ReasonCode.FRAUD_DENIED, `Denied for fraud risk: score ${risk.score} of 100 (${riskSummary(risk)}).`);
    for (const line of lines) if (line.outcome !== 'DENIED') denyLine(line, why);
    return { decision: 'DENIED', pendReason: null, reasons: [why] };
  }
  const review = risk.level === 'HIGH' || risk.level === 'CRITICAL' ? reviewReasons(risk) : [];
  if (facts.authorisationPending || review.length > 0) {
    for (const line of lines) if (line.outcome !== 'DENIED') line.outcome = 'PENDED';
    const reasons = facts.authorisationPending ? [facts.authorisationPending, ...review] : review;
    return { decision: 'PENDED', pendReason: facts.authorisationPending ? 'AUTHORIZATION' : 'REVIEW', reasons };
  }
  if (lines.some((line) => line.outcome !== 'APPROVED')) return { decision: 'PARTIALLY_APPROVED', pendReason: null, reasons: [] };
  return { decision: 'APPROVED', pendReason: null, reasons: [] };
}

function riskSummary(risk: RiskAssessment): string {
  return risk.signals.map((signal) => `${signal.rule} ${signal.weight}`).join(', ');
}

function reviewReasons(risk: RiskAssessment): Reason[] {
  const reasons = [reason('RISK', ReasonCode.FRAUD_REVIEW, `Held for review: risk score ${risk.score} of 100 (${riskSummary(risk)}).`)];
  const necessity = risk.signals.filter((signal) => signal.kind === 'MEDICAL_NECESSITY');
  if (necessity.length > 0) {
    reasons.push(reason('RISK', ReasonCode.MEDICAL_NECESSITY_REVIEW, `The services need a medical review: ${necessity.map((signal) => signal.detail).join(' ')}`));
  }
  return reasons;
}

/** The claim's totals, each the sum over its lines; the member owes cost share plus what limits cut. */
export function totalsOf(lines: readonly LineResult[]): AdjudicationResult['totals'] {
  const sum = (pick: (line: LineResult) => number) => lines.reduce((total, line) => total + pick(line), 0);
  const deductibleMinor = sum((line) => line.deductibleMinor);
  const copayMinor = sum((line) => line.copayMinor);
  const coinsuranceMinor = sum((line) => line.coinsuranceMinor);
  const exceededMinor = sum((line) => line.exceededMinor);
  return {
    submittedMinor: sum((line) => line.submittedMinor),
    eligibleMinor: sum((line) => line.eligibleMinor),
    disallowedMinor: sum((line) => line.disallowedMinor),
    deductibleMinor,
    copayMinor,
    coinsuranceMinor,
    payableMinor: sum((line) => line.payableMinor),
    exceededMinor,
    memberResponsibilityMinor: deductibleMinor + copayMinor + coinsuranceMinor + exceededMinor,
  };
}

/**
 * How the ledger moves for an approved or partially approved claim: for its benefit, the amount
 * paid, what each sub-limit paid, the units each quantity limit counted (lines not denied), one
 * visit and the deductible applied, keyed as keys.ts says, for the benefit period of coverage.period.
 */
export function utilisationDeltas(
  benefit: BenefitTerms,
  member: Pick<MemberFacts, 'id' | 'familyId'>,
  coverage: Pick<CoverageFacts, 'period'>,
  claimLines: readonly Pick<ClaimLineInput, 'lineNumber' | 'serviceCode' | 'serviceCategory'>[],
  results: readonly LineResult[],
): UtilisationDelta[] {
  const paired = results.map((result) => ({ result, line: claimLines.find((line) => line.lineNumber === result.lineNumber) }));
  const subLimits: Record<string, number> = {};
  for (const subLimit of benefit.subLimits) {
    const paid = paired.filter(({ line }) => line && limitCoversLine(subLimit, line)).reduce((sum, { result }) => sum + result.payableMinor, 0);
    if (paid > 0) subLimits[subLimitKey(benefit.id, subLimit.name)] = paid;
  }
  const quantities: Record<string, number> = {};
  for (const limit of benefit.quantityLimits) {
    const used = paired
      .filter(({ line, result }) => line && result.outcome !== 'DENIED' && limitCoversLine(limit, line))
      .reduce((sum, { result }) => sum + result.approvedQuantity, 0);
    if (used > 0) quantities[quantityLimitKey(benefit.id, limit)] = used;
  }
  return [
    {
      benefitId: benefit.id,
      memberId: member.id,
      familyId: member.familyId,
      periodStart: coverage.period.start,
      periodEnd: coverage.period.end,
      amountMinor: results.reduce((sum, result) => sum + result.payableMinor, 0),
      subLimits,
      quantities,
      visits: 1,
      deductibleMinor: results.reduce((sum, result) => sum + result.deductibleMinor, 0),
    },
  ];
}
