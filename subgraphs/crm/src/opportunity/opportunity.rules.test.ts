import { Violations, ValidationError } from '../../../../kit/errors';
import { checkLeadTransition } from '../lead/lead.rules';
import { LeadStatus } from '../lead/lead.entity';
import { pickAgent } from '../agent/routing.rules';
import { OpportunityStage } from './opportunity.entity';
import { checkStageChange, stageTransitionAllowed } from './opportunity.rules';

const violationsOf = (from: OpportunityStage, to: OpportunityStage, reason?: string) => {
  const violations = new Violations();
  checkStageChange(from, to, reason, violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map((v) => `${v.field}:${v.rule}`);
  }
};

describe('pipeline stages', () => {
  it('moves forward one stage at a time, wins from proposal or negotiation, loses from any open stage', () => {
    expect(stageTransitionAllowed(OpportunityStage.PROSPECTING, OpportunityStage.QUALIFICATION)).toBe(true);
    expect(stageTransitionAllowed(OpportunityStage.PROSPECTING, OpportunityStage.PROPOSAL)).toBe(false);
    expect(stageTransitionAllowed(OpportunityStage.QUALIFICATION, OpportunityStage.CLOSED_WON)).toBe(false);
    expect(stageTransitionAllowed(OpportunityStage.PROPOSAL, OpportunityStage.CLOSED_WON)).toBe(true);
    expect(stageTransitionAllowed(OpportunityStage.NEGOTIATION, OpportunityStage.PROPOSAL)).toBe(true);
    expect(stageTransitionAllowed(OpportunityStage.QUALIFICATION, OpportunityStage.CLOSED_LOST)).toBe(true);
    expect(stageTransitionAllowed(OpportunityStage.CLOSED_WON, OpportunityStage.NEGOTIATION)).toBe(false);
  });

  it('names the field and rule it refuses', () => {
    expect(violationsOf(OpportunityStage.PROSPECTING, OpportunityStage.CLOSED_WON)).toEqual(['stage:ALLOWED_TRANSITION']);
    expect(violationsOf(OpportunityStage.PROPOSAL, OpportunityStage.CLOSED_LOST)).toEqual(['reason:REQUIRED_WHEN_LOST']);
    expect(violationsOf(OpportunityStage.PROPOSAL, OpportunityStage.CLOSED_LOST, 'Chose a competitor')).toEqual([]);
    expect(violationsOf(OpportunityStage.CLOSED_LOST, OpportunityStage.CLOSED_LOST)).toEqual(['stage:ALLOWED_TRANSITION', 'reason:REQUIRED_WHEN_LOST']);
  });
});

describe('lead statuses', () => {
  it('goes NEW → CONTACTED → QUALIFIED → CONVERTED and refuses skipping', () => {
    expect(() => checkLeadTransition(LeadStatus.NEW, LeadStatus.CONTACTED, null)).not.toThrow();
    expect(() => checkLeadTransition(LeadStatus.QUALIFIED, LeadStatus.CONVERTED, null)).not.toThrow();
    expect(() => checkLeadTransition(LeadStatus.NEW, LeadStatus.QUALIFIED, null)).toThrow(/from NEW a lead may only move to CONTACTED or DISQUALIFIED/);
    expect(() => checkLeadTransition(LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED, 'x')).toThrow(/CONVERTED is final/);
  });

  it('needs a reason to disqualify', () => {
    expect(() => checkLeadTransition(LeadStatus.CONTACTED, LeadStatus.DISQUALIFIED, ' ')).toThrow(/reason: say why/);
    expect(() => checkLeadTransition(LeadStatus.CONTACTED, LeadStatus.DISQUALIFIED, 'No budget this year')).not.toThrow();
  });
});

describe('lead routing', () => {
  it('routes to the agent with the fewest open leads, ties to the lowest agent code', () => {
    expect(pickAgent([{ agentId: 'b', agentCode: 'AG-2', openLeads: 3 }, { agentId: 'a', agentCode: 'AG-1', openLeads: 4 }])).toBe('b');
    expect(pickAgent([{ agentId: 'b', agentCode: 'AG-2', openLeads: 3 }, { agentId: 'a', agentCode: 'AG-1', openLeads: 3 }])).toBe('a');
    expect(pickAgent([])).toBeNull();
  });
});
