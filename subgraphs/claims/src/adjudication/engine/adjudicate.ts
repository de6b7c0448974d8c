import { benefitNetworkReason, providerReason } from './provider';
import { findBenefit, lineApplicabilityReason, notCoveredReason } from './benefit';
import { applyCaps } from './caps';
import { applyCostShare } from './cost-share';
import { decide, denyLine, lineOutcome, totalsOf, utilisationDeltas } from './decision';
import { claimBilledMinor, duplicateReason, findDuplicate } from './duplicate';
import { eligibleAmount } from './eligible-amount';
import { memberPolicyReason } from './eligibility';
import { allowQuantities, visitLimitReason } from './limits';
import { checkAuthorisation } from './preauthorisation';
import { assessRisk } from './risk';
import { waitingPeriodReason } from './waiting-period';
import type {
  AdjudicationInput,
  AdjudicationResult,
  ClaimLineInput,
  LineResult,
  Reason,
  ReasonCode,
  RiskAssessment,
  Step,
  StepRecord,
} from './types';
import { amount } from './wording';

/** DOMAIN.md's order. */
export const STEPS: readonly Step[] = [
  'INTAKE',
  'DUPLICATE',
  'PROVIDER',
  'MEMBER_POLICY',
  'BENEFIT',
  'WAITING_PERIOD',
  'PREAUTHORIZATION',
  'FREQUENCY_QUANTITY',
  'ELIGIBLE_AMOUNT',
  'COST_SHARE',
  'CAPS',
  'RISK',
  'DECISION',
];

/** A line on its way through the steps. */
interface LineWork {
  line: ClaimLineInput;
  result: LineResult;
  /** Denied by a rule (as opposed to emptied by limits). */
  denied: boolean;
}

/** The step-by-step record of one adjudication. */
class StepLog {
  readonly records: StepRecord[] = [];

  record(step: Step, outcome: StepRecord['outcome'], message: string): void {
    this.records.push({ step, outcome, codes: [], message });
  }

  /** Records every step after the last one recorded, up to (not including) `until`, as skipped. */
  skipUntil(until: Step, why: string): void {
    const last = this.records.length === 0 ? -1 : STEPS.indexOf(this.records[this.records.length - 1].step);
    for (const step of STEPS.slice(last + 1, STEPS.indexOf(until))) this.record(step, 'SKIPPED', why);
  }

  /** Fills each record's codes from the reasons raised at its step. */
  withCodes(reasons: readonly Reason[]): StepRecord[] {
    return this.records.map((record) => {
      const codes: ReasonCode[] = [];
      for (const raised of reasons) if (raised.step === record.step && !codes.includes(raised.code)) codes.push(raised.code);
      return { ...record, codes };
    });
  }
}

function openLine(line: ClaimLineInput, benefitId: string | null): LineWork {
  return {
    line,
    denied: false,
    result: {
      lineNumber: line.lineNumber,
      outcome: 'APPROVED',
      reasons: [],
      benefitId,
      approvedQuantity: line.quantity,
      submittedMinor: line.billedMinor,
      eligibleMinor: 0,
      disallowedMinor: line.billedMinor,
      deductibleMinor: 0,
      copayMinor: 0,
      coinsuranceMinor: 0,
      payableMinor: 0,
      exceededMinor: 0,
    },
  };
}

function deny(work: LineWork, why: Reason): void {
  work.denied = true;
  denyLine(work.result, why);
}

/** Records a per-line step: FAILED when it denied every line still open, ADJUSTED when some, PASSED when none. */
function recordLineStep(log: StepLog, step: Step, open: number, denied: number, passed: string, adjusted = `${denied} of ${open} lines denied.`): void {
  if (denied === 0) log.record(step, 'PASSED', passed);
  else log.record(step, denied === open ? 'FAILED' : 'ADJUSTED', denied === open ? `Every line was denied.` : adjusted);
}

/**
 * Adjudicates a claim: DOMAIN.md's thirteen steps in order over plain facts, each step's outcome
 * recorded with its reasons. Intake (step 1) happened at submission. A denial at steps 2-4 decides
 * the whole claim; from step 5 rules act per line, and a claim whose every line is denied is denied.
 * Deterministic: the same input gives the same result.
 */
export function adjudicate(input: AdjudicationInput): AdjudicationResult {
  const { claim, options } = input;
  const date = claim.serviceDate;
  const log = new StepLog();
  const benefit = input.coverage ? findBenefit(input.coverage, claim.benefitCategory) : null;
  const works = [...claim.lines].sort((a, b) => a.lineNumber - b.lineNumber).map((line) => openLine(line, benefit?.id ?? null));
  const open = () => works.filter((work) => !work.denied);
  const risk = assessRisk(input);
  log.record('INTAKE', 'PASSED', 'The claim passed intake when it was submitted.');

  // 2. Duplicate
  const original = findDuplicate(claim, [...input.memberHistory, ...input.providerHistory], options.duplicateWindowDays);
  if (original) {
    return deniedClaim(input, works, log, risk, duplicateReason(claim, original), { claimId: original.claimId, claimNumber: original.claimNumber });
  }
  log.record('DUPLICATE', 'PASSED', `No standing claim repeats this one within ${options.duplicateWindowDays} ${options.duplicateWindowDays === 1 ? 'day' : 'days'}.`);

  // 3. Provider
  const providerProblem = providerReason(claim, input.provider, input.coverage);
  if (providerProblem || !input.provider) return deniedClaim(input, works, log, risk, providerProblem!, null);
  const networkProblem = benefit ? benefitNetworkReason(input.provider, benefit, date) : null;
  if (networkProblem) {
    for (const work of works) deny(work, networkProblem);
    log.record('PROVIDER', 'FAILED', networkProblem.message);
  } else {
    log.record('PROVIDER', 'PASSED', 'The provider is active, licensed on the date of service and in network.');
  }

  // 4. Member and policy
  const memberProblem = memberPolicyReason(claim, input.member, input.coverage);
  if (memberProblem || !input.member || !input.coverage) return deniedClaim(input, works, log, risk, memberProblem!, null);
  const { member, coverage } = input;
  log.record('MEMBER_POLICY', 'PASSED', `The member was covered on ${date} and the policy is in good standing.`);

  // 5. Benefit applicability
  if (!benefit) {
    const why = notCoveredReason(claim.benefitCategory);
    for (const work of open()) deny(work, why);
    log.record('BENEFIT', 'FAILED', why.message);
    return finish(input, works, log, risk, null, null);
  }
  {
    const candidates = open();
    let denied = 0;
    for (const work of candidates) {
      const why = lineApplicabilityReason(work.line, claim, benefit, member);
      if (why) {
        deny(work, why);
        denied += 1;
      }
    }
    if (candidates.length > 0) recordLineStep(log, 'BENEFIT', candidates.length, denied, `${benefit.name} pays for every line.`);
  }

  // 6. Waiting period
  {
    const candidates = open();
    let denied = 0;
    for (const work of candidates) {
      const why = waitingPeriodReason(date, coverage.waitingPeriodFrom ?? coverage.coveredFrom, benefit);
      if (why) {
        deny(work, why);
        denied += 1;
      }
    }
    if (candidates.length > 0) recordLineStep(log, 'WAITING_PERIOD', candidates.length, denied, `No waiting period applies on ${date}.`);
  }
  if (open().length === 0) return finish(input, works, log, risk, null, null);

  // 7. Pre-authorisation
  const authorisation = checkAuthorisation(claim, benefit, input.preauthorisation, claimBilledMinor(claim));
  let authorisationPending: Reason | null = null;
  let authorisationRemainingMinor: number | null = null;
  if (authorisation.status === 'MISSING') {
    authorisationPending = authorisation.reason;
    log.record('PREAUTHORIZATION', 'PENDED', `${authorisation.reason.message} The amounts below are provisional.`);
  } else if (authorisation.status === 'APPROVED') {
    authorisationRemainingMinor = authorisation.remainingMinor;
    log.record('PREAUTHORIZATION', 'PASSED', authorisation.message);
  } else {
    log.record('PREAUTHORIZATION', 'PASSED', 'No pre-authorisation is needed.');
  }

  // 8. Frequency and quantity
  const visitProblem = visitLimitReason(benefit, input.utilisation);
  if (visitProblem) {
    for (const work of open()) deny(work, visitProblem);
    log.record('FREQUENCY_QUANTITY', 'FAILED', visitProblem.message);
    return finish(input, works, log, risk, null, authorisationPending);
  }
  {
    const candidates = open();
    const decisions = allowQuantities(candidates.map((work) => work.line), benefit, input.utilisation);
    let denied = 0;
    let cut = 0;
    for (const decision of decisions) {
      const work = candidates.find((candidate) => candidate.line.lineNumber === decision.lineNumber)!;
      if (!decision.reason) continue;
      if (decision.approvedQuantity === 0) {
        deny(work, decision.reason);
        denied += 1;
      } else {
        work.result.approvedQuantity = decision.approvedQuantity;
        work.result.reasons.push(decision.reason);
        cut += 1;
      }
    }
    if (denied === 0 && cut === 0) log.record('FREQUENCY_QUANTITY', 'PASSED', 'Every quantity is within the limits.');
    else if (denied === candidates.length) log.record('FREQUENCY_QUANTITY', 'FAILED', 'No units were left for any line.');
    else log.record('FREQUENCY_QUANTITY', 'ADJUSTED', `Quantity cut on ${cut} lines, ${denied} lines denied.`);
  }
  if (open().length === 0) return finish(input, works, log, risk, null, authorisationPending);

  // 9. Eligible amount
  {
    let disallowed = 0;
    for (const work of open()) {
      const eligible = eligibleAmount(work.line, work.result.approvedQuantity, input.provider.tariffs, claim.currency);
      work.result.eligibleMinor = eligible.eligibleMinor;
      work.result.disallowedMinor = eligible.disallowedMinor;
      work.result.reasons.push(...eligible.reasons);
      disallowed += eligible.disallowedMinor;
    }
    log.record(
      'ELIGIBLE_AMOUNT',
      disallowed > 0 ? 'ADJUSTED' : 'PASSED',
      disallowed > 0 ? `${amount(disallowed, claim.currency)} billed is disallowed (above tariff or over quantity limits).` : 'Every line is billed within the tariff.',
    );
  }

  // 10. Cost share
  {
    const lines = open();
    const shares = applyCostShare(
      lines.map((work) => ({ lineNumber: work.line.lineNumber, eligibleMinor: work.result.eligibleMinor })),
      benefit,
      input.utilisation.deductibleMetMinor[benefit.id] ?? 0,
      claim.currency,
    );
    let memberShare = 0;
    for (const share of shares) {
      const work = lines.find((candidate) => candidate.line.lineNumber === share.lineNumber)!;
      Object.assign(work.result, { deductibleMinor: share.deductibleMinor, copayMinor: share.copayMinor, coinsuranceMinor: share.coinsuranceMinor, payableMinor: share.remainingMinor });
      work.result.reasons.push(...share.reasons);
      memberShare += share.deductibleMinor + share.copayMinor + share.coinsuranceMinor;
    }
    log.record(
      'COST_SHARE',
      memberShare > 0 ? 'ADJUSTED' : 'PASSED',
      memberShare > 0 ? `The member's cost share is ${amount(memberShare, claim.currency)}.` : 'No cost share applies.',
    );
  }

  // 11. Caps
  {
    const lines = open();
    const capped = applyCaps(
      lines.map((work) => ({ lineNumber: work.line.lineNumber, serviceCode: work.line.serviceCode, serviceCategory: work.line.serviceCategory, payableMinor: work.result.payableMinor })),
      { benefit, coverage, utilisation: input.utilisation, authorisationRemainingMinor, currency: claim.currency },
    );
    let exceeded = 0;
    for (const cap of capped) {
      const work = lines.find((candidate) => candidate.line.lineNumber === cap.lineNumber)!;
      work.result.payableMinor = cap.payableMinor;
      work.result.exceededMinor = cap.exceededMinor;
      work.result.reasons.push(...cap.reasons);
      exceeded += cap.exceededMinor;
    }
    log.record(
      'CAPS',
      exceeded > 0 ? 'ADJUSTED' : 'PASSED',
      exceeded > 0 ? `${amount(exceeded, claim.currency)} is over the limits and falls to the member.` : 'Every line is within the limits.',
    );
  }
  return finish(input, works, log, risk, null, authorisationPending);
}

/** Steps 2-4 denied the whole claim: every line is denied for that reason and the steps after are skipped. */
function deniedClaim(
  input: AdjudicationInput,
  works: LineWork[],
  log: StepLog,
  risk: RiskAssessment,
  why: Reason,
  duplicateOf: AdjudicationResult['duplicateOf'],
): AdjudicationResult {
  for (const work of works) if (!work.denied) deny(work, why);
  log.record(why.step, 'FAILED', why.message);
  return finish(input, works, log, risk, why, null, duplicateOf);
}

/** Steps 12 and 13 and the result. */
function finish(
  input: AdjudicationInput,
  works: LineWork[],
  log: StepLog,
  risk: RiskAssessment,
  claimDenial: Reason | null,
  authorisationPending: Reason | null,
  duplicateOf: AdjudicationResult['duplicateOf'] = null,
): AdjudicationResult {
  const decidedEarly = claimDenial !== null || works.every((work) => work.denied);
  log.skipUntil('RISK', claimDenial ? `Not reached: the claim was denied at ${claimDenial.step}.` : 'Not reached: no line was left to pay.');
  for (const work of works) work.result.outcome = lineOutcome(work.result, work.line.quantity, work.denied);
  const lines = works.map((work) => work.result);

  const scored = `Risk score ${risk.score} of 100, ${risk.level.toLowerCase()}${risk.signals.length > 0 ? ` (${risk.signals.map((s) => `${s.rule} ${s.weight}`).join(', ')})` : ''}.`;
  const decision = decide({ claimDenial, lines, authorisationPending, risk, autoDenyCriticalRisk: input.coverage?.autoDenyCriticalRisk ?? false });
  if (decidedEarly) log.record('RISK', 'SKIPPED', `${scored} Not acted on: the claim was already denied.`);
  else if (decision.reasons.some((r) => r.step === 'RISK')) log.record('RISK', decision.decision === 'DENIED' ? 'FAILED' : 'PENDED', scored);
  else log.record('RISK', 'PASSED', scored);

  const totals = totalsOf(lines);
  log.record('DECISION', decision.decision === 'DENIED' ? 'FAILED' : decision.decision === 'PENDED' ? 'PENDED' : decision.decision === 'APPROVED' ? 'PASSED' : 'ADJUSTED', decisionMessage(decision.decision, totals.payableMinor, input.claim.currency));

  const claimReasons = decision.reasons;
  const paid = decision.decision === 'APPROVED' || decision.decision === 'PARTIALLY_APPROVED';
  const benefit = input.coverage ? findBenefit(input.coverage, input.claim.benefitCategory) : null;
  const utilisation =
    paid && benefit && input.member && input.coverage ? utilisationDeltas(benefit, input.member, input.coverage, input.claim.lines, lines) : [];
  const allReasons = [...claimReasons, ...lines.flatMap((line) => line.reasons)];
  return {
    decision: decision.decision,
    pendReason: decision.pendReason,
    reasons: claimReasons,
    lines,
    risk,
    totals,
    utilisation,
    duplicateOf,
    steps: log.withCodes(allReasons),
  };
}

function decisionMessage(decision: AdjudicationResult['decision'], payableMinor: number, currency: string): string {
  switch (decision) {
    case 'APPROVED':
      return `Approved: the scheme pays ${amount(payableMinor, currency)}.`;
    case 'PARTIALLY_APPROVED':
      return `Partially approved: the scheme pays ${amount(payableMinor, currency)}.`;
    case 'PENDED':
      return 'Pended: the claim waits before it can be paid.';
    case 'DENIED':
      return 'Denied: the scheme pays nothing on this claim.';
  }
}
