import { Violations } from '../../../../kit/errors';
import { OpportunityStage } from './opportunity.entity';

const { QUALIFICATION, PROPOSAL, NEGOTIATION, CLOSED_WON, CLOSED_LOST } = OpportunityStage;

/** The pipeline: forward one stage, back from negotiation to a new proposal, lost from any open stage, won from proposal or negotiation. */
const NEXT: Record<OpportunityStage, OpportunityStage[]> = {
  PROSPECTING: [QUALIFICATION, CLOSED_LOST],
  QUALIFICATION: [PROPOSAL, CLOSED_LOST],
  PROPOSAL: [NEGOTIATION, CLOSED_WON, CLOSED_LOST],
  NEGOTIATION: [PROPOSAL, CLOSED_WON, CLOSED_LOST],
  CLOSED_WON: [],
  CLOSED_LOST: [],
};

export function stageTransitionAllowed(from: OpportunityStage, to: OpportunityStage): boolean {
  return NEXT[from].includes(to);
}

/** Records what is wrong with moving an opportunity from `from` to `to` (with `reason`) on `violations`. */
export function checkStageChange(from: OpportunityStage, to: OpportunityStage, reason: string | null | undefined, violations: Violations): void {
  if (!stageTransitionAllowed(from, to)) {
    const allowed = NEXT[from];
    violations.add(
      'stage',
      'ALLOWED_TRANSITION',
      allowed.length ? `from ${from} an opportunity may move to ${allowed.join(', ')} (not ${to})` : `${from} is final`,
    );
  }
  if (to === CLOSED_LOST && !reason?.trim()) violations.add('reason', 'REQUIRED_WHEN_LOST', 'say why the opportunity was lost');
}

export function isClosed(stage: OpportunityStage): boolean {
  return stage === CLOSED_WON || stage === CLOSED_LOST;
}
