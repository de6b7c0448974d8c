import { Money } from '../../../../kit/money';
import { ClaimStatus, type Claim } from '../claim/claim.entity';
import type { ClaimAdjudication, ClaimLineAdjudication } from './adjudication.entity';
import { ClaimEobLine, ClaimEobTotals, ClaimExplanationOfBenefits } from './adjudication.types';
import { explanationOfBenefits, toFhirClaimResponse, type EobAmount, type FhirClaimResponse } from './engine/eob';
import type { AdjudicationResult } from './engine/types';

/** What explaining a decided claim needs: the claim, its standing decision and lines, and the names to speak of. */
export interface ExplanationSources {
  claim: Claim;
  adjudication: ClaimAdjudication;
  lines: ClaimLineAdjudication[];
  memberNumber?: string | null;
  providerName?: string | null;
  serviceNames: Record<string, string>;
}

/** The engine's result, rebuilt from a stored decision. */
export function storedResult(adjudication: ClaimAdjudication, lines: readonly ClaimLineAdjudication[]): AdjudicationResult {
  const a = adjudication;
  return {
    decision: a.decision,
    pendReason: a.pendReason,
    reasons: a.reasons,
    lines: [...lines]
      .sort((x, y) => x.lineNumber - y.lineNumber)
      .map((line) => ({
        lineNumber: line.lineNumber,
        outcome: line.outcome,
        reasons: line.reasons,
        benefitId: line.benefitId,
        approvedQuantity: line.approvedQuantity,
        submittedMinor: line.submittedMinor,
        eligibleMinor: line.eligibleMinor,
        disallowedMinor: line.disallowedMinor,
        deductibleMinor: line.deductibleMinor,
        copayMinor: line.copayMinor,
        coinsuranceMinor: line.coinsuranceMinor,
        payableMinor: line.payableMinor,
        exceededMinor: line.exceededMinor,
      })),
    risk: { score: a.riskScore, level: a.riskLevel, signals: a.riskSignals },
    totals: {
      submittedMinor: a.submittedMinor,
      eligibleMinor: a.eligibleMinor,
      disallowedMinor: a.disallowedMinor,
      deductibleMinor: a.deductibleMinor,
      copayMinor: a.copayMinor,
      coinsuranceMinor: a.coinsuranceMinor,
      payableMinor: a.payableMinor,
      exceededMinor: a.exceededMinor,
      memberResponsibilityMinor: a.memberResponsibilityMinor,
    },
    utilisation: a.utilisation,
    duplicateOf: null,
    steps: a.steps,
  };
}

/**
 * The decision as it stands now: a claim finance refused to settle is back under review, and a
 * reversed claim pays nothing any more, whatever the decision said when it was made.
 */
function standing(claim: Claim, result: AdjudicationResult): { result: AdjudicationResult; headline: string | null; notes: string[] } {
  if (claim.status === ClaimStatus.PENDED && claim.pendReason === 'SETTLEMENT_REJECTED') {
    return {
      result: { ...result, decision: 'PENDED', pendReason: 'REVIEW' },
      headline: null,
      notes: [`The payment to the provider was refused (${claim.pendDetail ?? 'no reason given'}); the claim is back with our claims team.`],
    };
  }
  if (claim.status === ClaimStatus.REVERSED) {
    const on = claim.reversedAt?.toISOString().slice(0, 10) ?? 'an earlier date';
    return {
      result,
      headline: `This claim was reversed on ${on}, so the scheme no longer pays for it.`,
      notes: [`Reversed: ${claim.reversalReason ?? 'no reason given'}.`],
    };
  }
  return { result, headline: null, notes: [] };
}

/** The member's explanation of benefits, built by the engine's eob.ts from the stored decision. */
export function explanationFor(sources: ExplanationSources): ClaimExplanationOfBenefits {
  const { claim, adjudication } = sources;
  const facts = adjudication.facts;
  const now = standing(claim, storedResult(adjudication, sources.lines));
  const benefit = facts.coverage?.benefits.find((b) => b.category === facts.claim.benefitCategory);
  const eob = explanationOfBenefits(facts.claim, now.result, {
    member: sources.memberNumber ?? undefined,
    provider: sources.providerName ?? undefined,
    benefit: benefit?.name,
    services: sources.serviceNames,
  });
  const money = (value: EobAmount) => Money.of(value.minor, claim.currency);
  return Object.assign(new ClaimExplanationOfBenefits(), {
    claimNumber: eob.claimNumber,
    serviceDate: eob.serviceDate,
    member: eob.member,
    provider: eob.provider,
    benefit: eob.benefit,
    decision: eob.decision,
    headline: now.headline ?? eob.headline,
    lines: eob.lines.map((line) =>
      Object.assign(new ClaimEobLine(), {
        lineNumber: line.lineNumber,
        serviceCode: line.serviceCode,
        service: line.service,
        quantity: line.quantity,
        approvedQuantity: line.approvedQuantity,
        outcome: line.outcome,
        billed: money(line.billed),
        schemePays: money(line.schemePays),
        youPay: money(line.youPay),
        notPaid: money(line.notPaid),
        explanation: line.explanation,
      }),
    ),
    totals: Object.assign(new ClaimEobTotals(), {
      billed: money(eob.totals.billed),
      schemePays: money(eob.totals.schemePays),
      youPay: money(eob.totals.youPay),
      notPaid: money(eob.totals.notPaid),
    }),
    notes: [...eob.notes, ...now.notes],
  });
}

/** The stored decision as a FHIR R4 ClaimResponse. */
export function fhirClaimResponseFor(sources: ExplanationSources): FhirClaimResponse {
  const { adjudication } = sources;
  const now = standing(sources.claim, storedResult(adjudication, sources.lines));
  const scheme = (adjudication.facts.coverage as { schemeName?: string } | null)?.schemeName;
  return toFhirClaimResponse(adjudication.facts.claim, now.result, { created: adjudication.decidedAt.toISOString(), id: adjudication.id, insurer: scheme });
}
