import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, type Page } from '../../../../kit/pagination';
import { salesScopeOf } from '../access';
import type { CrmContext } from '../context';
import { Lead } from '../lead/lead.entity';
import { NurtureCampaign, NurtureCampaignStatus } from './nurture-campaign.entity';
import { NurtureEnrolment } from './nurture-enrolment.entity';
import { NurtureMessage } from './nurture-message.entity';
import { NurtureStep } from './nurture-step.entity';
import { CreateNurtureCampaignInput, NurtureStepInput } from './nurture.input';
import { EnrolLeadsResult, NurtureCampaignStats } from './nurture.types';

export const NurtureEnrolmentConnection = Connection(NurtureEnrolment);

@Resolver(() => NurtureCampaign)
export class NurtureCampaignResolver {
  @Query(() => [NurtureCampaign], { description: 'Nurture campaigns, newest first.' })
  nurtureCampaigns(@Arg('status', () => NurtureCampaignStatus, { nullable: true }) status: NurtureCampaignStatus | null, @Ctx() ctx: CrmContext): Promise<NurtureCampaign[]> {
    return ctx.services.nurture.campaigns(status);
  }

  @Query(() => NurtureCampaign, { nullable: true })
  nurtureCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: CrmContext): Promise<NurtureCampaign | null> {
    return ctx.loaders.nurtureCampaignById.load(id);
  }

  @Mutation(() => NurtureCampaign, { description: 'A campaign in DRAFT, with its audience and (optionally) its steps.' })
  createNurtureCampaign(@Arg('input', () => CreateNurtureCampaignInput) input: CreateNurtureCampaignInput, @Ctx() ctx: CrmContext): Promise<NurtureCampaign> {
    return ctx.services.nurture.createCampaign(input, ctx.actor.id);
  }

  @Mutation(() => NurtureCampaign, { description: "Replaces a DRAFT campaign's steps, first message first." })
  setNurtureCampaignSteps(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('steps', () => [NurtureStepInput]) steps: NurtureStepInput[],
    @Ctx() ctx: CrmContext,
  ): Promise<NurtureCampaign> {
    return ctx.services.nurture.setSteps(campaignId, steps);
  }

  @Mutation(() => NurtureCampaign, { description: 'DRAFT → ACTIVE (with at least one step) ⇄ PAUSED; any → ARCHIVED. Activating an auto-enrol campaign enrols the open leads that match.' })
  changeNurtureCampaignStatus(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('status', () => NurtureCampaignStatus) status: NurtureCampaignStatus,
    @Ctx() ctx: CrmContext,
  ): Promise<NurtureCampaign> {
    return ctx.services.nurture.changeStatus(campaignId, status);
  }

  @Mutation(() => EnrolLeadsResult, { description: 'Enrols leads in an ACTIVE or PAUSED campaign, lead by lead; an agent enrols only their own leads.' })
  async enrolLeadsInCampaign(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('leadIds', () => [ID]) leadIds: string[],
    @Ctx() ctx: CrmContext,
  ): Promise<EnrolLeadsResult> {
    return ctx.services.nurture.enrol(campaignId, leadIds, await salesScopeOf(ctx));
  }

  @FieldResolver(() => [NurtureStep])
  steps(@Root() campaign: NurtureCampaign, @Ctx() ctx: CrmContext): Promise<NurtureStep[]> {
    return ctx.loaders.nurtureStepsByCampaign.load(campaign.id);
  }

  @FieldResolver(() => NurtureEnrolmentConnection, { description: "Enrolments, newest first; a sales agent's page holds only their own leads." })
  async enrolments(@Root() campaign: NurtureCampaign, @Args() page: PageArgs, @Ctx() ctx: CrmContext): Promise<Page<NurtureEnrolment>> {
    return ctx.loaders.nurtureEnrolmentPageByCampaign.load({ ownerId: campaign.id, page, filter: await salesScopeOf(ctx) });
  }

  @FieldResolver(() => NurtureCampaignStats)
  stats(@Root() campaign: NurtureCampaign, @Ctx() ctx: CrmContext): Promise<NurtureCampaignStats> {
    return ctx.loaders.nurtureStatsByCampaign.load(campaign.id);
  }
}

@Resolver(() => NurtureEnrolment)
export class NurtureEnrolmentResolver {
  @FieldResolver(() => NurtureCampaign, { nullable: true })
  campaign(@Root() enrolment: NurtureEnrolment, @Ctx() ctx: CrmContext): Promise<NurtureCampaign | null> {
    return ctx.loaders.nurtureCampaignById.load(enrolment.campaignId);
  }

  @FieldResolver(() => Lead, { nullable: true })
  lead(@Root() enrolment: NurtureEnrolment, @Ctx() ctx: CrmContext): Promise<Lead | null> {
    return ctx.loaders.leadById.load(enrolment.leadId);
  }

  @FieldResolver(() => [NurtureMessage], { description: 'What was sent (or suppressed), first step first.' })
  messages(@Root() enrolment: NurtureEnrolment, @Ctx() ctx: CrmContext): Promise<NurtureMessage[]> {
    return ctx.loaders.nurtureMessagesByEnrolment.load(enrolment.id);
  }
}
