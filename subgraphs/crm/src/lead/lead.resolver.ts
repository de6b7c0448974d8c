import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { salesScopeOf } from '../access';
import { Agent } from '../agent/agent.entity';
import type { CrmContext } from '../context';
import { Opportunity } from '../opportunity/opportunity.entity';
import { LeadActivity } from './lead-activity.entity';
import { Lead } from './lead.entity';
import { NurtureEnrolment } from '../nurture/nurture-enrolment.entity';
import { ChangeLeadStatusInput, ConvertLeadInput, CreateLeadInput, LeadFilter, LogLeadActivityInput, RecordLeadMarketingConsentInput } from './lead.input';
import { LeadScoreType, type Score } from './lead-score';

export const LeadConnection = Connection(Lead);

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, { nullable: true, description: 'One lead, or null when the id is unknown; a sales agent sees only their own.' })
  lead(@Arg('id', () => ID) id: string, @Ctx() ctx: CrmContext): Promise<Lead | null> {
    return ctx.loaders.leadById.load(id);
  }

  @Query(() => LeadConnection, { description: "Leads, newest first; a sales agent's list holds only their own." })
  async leads(@Arg('filter', () => LeadFilter, { nullable: true }) filter: LeadFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: CrmContext) {
    return ctx.services.leads.list(filter, page, await salesScopeOf(ctx));
  }

  @Mutation(() => Lead, { description: 'Takes a lead in and routes it to the least-loaded agent of the territory covering its county.' })
  createLead(@Arg('input', () => CreateLeadInput) input: CreateLeadInput, @Ctx() ctx: CrmContext): Promise<Lead> {
    return ctx.services.leads.create(input, ctx.actor.id);
  }

  @Mutation(() => Lead, { description: 'Logs a call, e-mail, meeting or note; a contact marks a NEW lead CONTACTED.' })
  async logLeadActivity(@Arg('input', () => LogLeadActivityInput) input: LogLeadActivityInput, @Ctx() ctx: CrmContext): Promise<Lead> {
    return ctx.services.leads.logActivity(input, ctx.actor.id, await salesScopeOf(ctx));
  }

  @Mutation(() => Lead, { description: 'NEW → CONTACTED → QUALIFIED, or DISQUALIFIED with a reason.' })
  async changeLeadStatus(@Arg('input', () => ChangeLeadStatusInput) input: ChangeLeadStatusInput, @Ctx() ctx: CrmContext): Promise<Lead> {
    return ctx.services.leads.changeStatus(input, ctx.actor.id, await salesScopeOf(ctx));
  }

  @Mutation(() => Lead, { description: 'Hands a lead to an agent.' })
  assignLead(@Arg('leadId', () => ID) leadId: string, @Arg('agentId', () => ID) agentId: string, @Ctx() ctx: CrmContext): Promise<Lead> {
    return ctx.services.leads.assign(leadId, agentId, ctx.actor.id);
  }

  @Mutation(() => Opportunity, { description: 'Converts a QUALIFIED lead and opens its opportunity in PROSPECTING.' })
  async convertLead(@Arg('input', () => ConvertLeadInput) input: ConvertLeadInput, @Ctx() ctx: CrmContext): Promise<Opportunity> {
    return ctx.services.leads.convert(input, ctx.actor.id, await salesScopeOf(ctx));
  }

  @Mutation(() => Lead, { description: 'Records that the lead gave or withdrew consent to direct marketing; a withdrawal ends its nurture campaigns.' })
  async recordLeadMarketingConsent(@Arg('input', () => RecordLeadMarketingConsentInput) input: RecordLeadMarketingConsentInput, @Ctx() ctx: CrmContext): Promise<Lead> {
    return ctx.services.leads.recordConsent(input, ctx.actor.id, await salesScopeOf(ctx));
  }

  @FieldResolver(() => [NurtureEnrolment], { description: 'The nurture campaigns the lead is (or was) enrolled in, with their messages.' })
  nurtureEnrolments(@Root() lead: Lead, @Ctx() ctx: CrmContext): Promise<NurtureEnrolment[]> {
    return ctx.loaders.nurtureEnrolmentsByLead.load(lead.id);
  }

  @FieldResolver(() => LeadScoreType, { description: 'The score (0-100) with every signal that made it.' })
  score(@Root() lead: Lead, @Ctx() ctx: CrmContext): Promise<Score> {
    return ctx.loaders.scoreOfLead.load(lead);
  }

  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() lead: Lead, @Ctx() ctx: CrmContext): Promise<Agent | null> | null {
    return lead.agentId ? ctx.loaders.agentById.load(lead.agentId) : null;
  }

  @FieldResolver(() => [LeadActivity], { description: 'Everything that happened on the lead, oldest first.' })
  activities(@Root() lead: Lead, @Ctx() ctx: CrmContext): Promise<LeadActivity[]> {
    return ctx.loaders.activitiesByLead.load(lead.id);
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The opportunity the lead was converted into.' })
  opportunity(@Root() lead: Lead, @Ctx() ctx: CrmContext): Promise<Opportunity | null> {
    return ctx.loaders.opportunityByLead.load(lead.id);
  }
}
