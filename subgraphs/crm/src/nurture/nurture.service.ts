import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { preparedQuery } from '../../../../kit/database';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { isKenyanCounty } from '../../../../kit/kenya';
import type { Logger } from '../../../../kit/logger';
import { paginatePerOwner, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { inScope, type SalesScope } from '../access';
import { Agent } from '../agent/agent.entity';
import { conversionRateBps } from '../commission/commission.rules';
import { Lead } from '../lead/lead.entity';
import { OPEN_LEAD_STATUSES } from '../lead/lead.rules';
import type { Score } from '../lead/lead-score';
import { NurtureCampaign, NurtureCampaignStatus } from './nurture-campaign.entity';
import { EnrolmentEndReason, NurtureEnrolment, NurtureEnrolmentStatus } from './nurture-enrolment.entity';
import { NurtureMessage, NurtureMessageStatus } from './nurture-message.entity';
import { NurtureStep } from './nurture-step.entity';
import { MESSAGE_REQUESTED, type MessageRequestedPayload, type MessageSettledPayload } from './nurture.events';
import type { CreateNurtureCampaignInput, NurtureAudienceInput, NurtureStepInput } from './nurture.input';
import { checkCampaignTransition, checkSteps, enrolmentRefusal, matchesAudience, nextDueAt, recipientFor, renderTemplate, stepDueAt, templateValues, type EnrolmentRefusal } from './nurture.rules';
import { EnrolLeadsResult, emptyStats, NurtureCampaignStats, NurtureRefusalReason } from './nurture.types';

export const ENROLMENT_SORT: KeysetSort<NurtureEnrolment> = { column: 'enrolled_at', property: 'enrolledAt', direction: 'DESC' };

/** Leads one `enrolLeadsInCampaign` takes at most. */
const MAX_ENROL_BATCH = 500;
/** Enrolments one job run works through at most; the next run takes the rest. */
const MAX_SENDS_PER_RUN = 2_000;
/**
 * How far back the job looks for consenting leads an auto-enrol campaign missed. The miss it
 * repairs lasts a transaction; this is well over the longest job interval (a day).
 */
const MISSED_LOOKBACK_MS = 2 * 86_400_000;
/** Missed leads one job run enrols in a campaign at most; the next run takes the rest. */
const MAX_MISSED_PER_CAMPAIGN = 500;

const SETTLED_STATUSES = new Set<string>([NurtureMessageStatus.SENT, NurtureMessageStatus.FAILED, NurtureMessageStatus.SUPPRESSED]);

/** What the nurture job did in one run. */
export interface SendRun {
  requested: number;
  suppressed: number;
  ended: number;
}

/**
 * Nurture campaigns: their audience and steps, enrolling leads (by hand, and automatically for
 * auto-enrol campaigns), sending due steps through engagement, and the outcomes engagement reports.
 */
export class NurtureService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The leads' scores (for an audience's minimum score), in the caller's transaction; the lead area works them out. */
    private readonly scoreLeads: (manager: EntityManager, leads: Lead[]) => Promise<Score[]>,
  ) {}

  async createCampaign(input: CreateNurtureCampaignInput, actorId: string): Promise<NurtureCampaign> {
    const violations = new Violations();
    const name = input.name.trim();
    if (!name) violations.add('name', 'NOT_EMPTY', 'give the campaign a name');
    else if (name.length < 2) violations.add('name', 'MIN_LENGTH', 'at least 2 characters');
    const audience = readAudience(input.audience, violations);
    checkSteps(input.steps, violations);
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const campaign = await manager.save(
        manager.create(NurtureCampaign, { name, status: NurtureCampaignStatus.DRAFT, ...audience, autoEnrol: input.autoEnrol, createdBy: actorId }),
      );
      await this.insertSteps(manager, campaign.id, input.steps);
      return campaign;
    });
  }

  /** Replaces a DRAFT campaign's steps: once live, what leads were promised no longer changes. */
  async setSteps(campaignId: string, steps: NurtureStepInput[]): Promise<NurtureCampaign> {
    const violations = new Violations();
    checkSteps(steps, violations);
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lockCampaign(manager, campaignId);
      if (campaign.status !== NurtureCampaignStatus.DRAFT) {
        new Violations().add('steps', 'ONLY_WHILE_DRAFT', `the steps of a ${campaign.status} campaign can no longer change`).throwIfAny();
      }
      await manager.delete(NurtureStep, { campaignId: campaign.id });
      await this.insertSteps(manager, campaign.id, steps);
      campaign.updatedAt = this.clock.now();
      return manager.save(campaign);
    });
  }

  /**
   * Moves a campaign along its lifecycle. Going ACTIVE enrols the open leads that match an
   * auto-enrol campaign's audience; archiving ends its ACTIVE enrolments (EXITED). All in one transaction.
   */
  async changeStatus(campaignId: string, status: NurtureCampaignStatus): Promise<NurtureCampaign> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.lockCampaign(manager, campaignId);
      const steps = await manager.find(NurtureStep, { where: { campaignId: campaign.id }, order: { stepNumber: 'ASC' } });
      checkCampaignTransition(campaign.status, status, steps.length);
      campaign.status = status;
      const saved = await manager.save(campaign);
      if (status === NurtureCampaignStatus.ACTIVE && campaign.autoEnrol) await this.enrolMatchingOpenLeads(manager, campaign, steps[0]);
      if (status === NurtureCampaignStatus.ARCHIVED) {
        await this.endEnrolments(manager, { campaignId: campaign.id }, NurtureEnrolmentStatus.EXITED, EnrolmentEndReason.CAMPAIGN_ARCHIVED);
      }
      return saved;
    });
  }

  /**
   * Enrols leads in an ACTIVE or PAUSED campaign, lead by lead: a lead already enrolled stays as it
   * is, and one that may not be enrolled (no consent, closed, unknown or another agent's: NOT_FOUND) is reported
   * with the reason while the others go in. The leads are share-locked so a consent withdrawal
   * or conversion running at the same time comes strictly before or after.
   */
  async enrol(campaignId: string, leadIds: string[], scope: SalesScope): Promise<EnrolLeadsResult> {
    const requested = [...new Set(leadIds)];
    if (requested.length === 0 || requested.length > MAX_ENROL_BATCH) {
      new Violations().add('leadIds', 'BATCH_SIZE', `give 1 to ${MAX_ENROL_BATCH} leads`).throwIfAny();
    }
    const outcome = await this.dataSource.transaction(async (manager) => {
      const campaign = isUuid(campaignId) ? await manager.findOne(NurtureCampaign, { where: { id: campaignId }, lock: { mode: 'pessimistic_read' } }) : null;
      if (!campaign) throw new NotFoundError('NurtureCampaign', campaignId);
      if (campaign.status !== NurtureCampaignStatus.ACTIVE && campaign.status !== NurtureCampaignStatus.PAUSED) {
        new Violations().add('campaignId', 'CAMPAIGN_OPEN', `a ${campaign.status} campaign takes no enrolments`).throwIfAny();
      }
      const [first] = await manager.find(NurtureStep, { where: { campaignId: campaign.id }, order: { stepNumber: 'ASC' }, take: 1 });
      const valid = uuidsOf(requested);
      const leads = valid.length ? await manager.find(Lead, { where: { id: In(valid) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_read' } }) : [];
      const byId = new Map(leads.map((l) => [l.id, l]));
      const refused: { leadId: string; reason: NurtureRefusalReason }[] = [];
      const eligible: string[] = [];
      for (const leadId of requested) {
        const lead = byId.get(leadId);
        // Another agent's lead is NOT_FOUND too: an agent does not learn which lead ids exist.
        const reason: NurtureRefusalReason | EnrolmentRefusal | null = !lead || !inScope(scope, lead.agentId) ? NurtureRefusalReason.NOT_FOUND : enrolmentRefusal(lead);
        if (reason) refused.push({ leadId, reason: reason as NurtureRefusalReason });
        else eligible.push(leadId);
      }
      const inserted = await this.insertEnrolments(manager, campaign.id, eligible, first);
      return { refused, enrolledIds: inserted.map((row) => row.id), alreadyEnrolled: eligible.filter((id) => !inserted.some((row) => row.lead_id === id)) };
    });
    const result = new EnrolLeadsResult();
    result.enrolled = await this.enrolmentsByIds(outcome.enrolledIds);
    result.alreadyEnrolled = outcome.alreadyEnrolled;
    result.refused = outcome.refused;
    return result;
  }

  /**
   * Enrols a lead in every ACTIVE auto-enrol campaign whose audience it matches, in the caller's
   * transaction (a new lead, or one whose consent just went from no to yes). A lead without consent
   * goes nowhere.
   *
   * Every auto-enrol campaign that is not archived is share-locked (in id order) before the ACTIVE
   * ones are picked: an activation or resumption running now holds its campaign, and its scan of
   * open leads cannot see this uncommitted lead, so this waits for it to commit and then sees the
   * campaign ACTIVE. Locking only the campaigns already ACTIVE would skip it and the lead would be
   * enrolled by neither. (The caller must not run this for a lead that already had consent: the
   * activation's scan share-locks such a lead, which the caller holds, while this waits for it.)
   */
  async autoEnrolLead(manager: EntityManager, lead: Lead): Promise<void> {
    if (enrolmentRefusal(lead)) return;
    const locked = await manager
      .getRepository(NurtureCampaign)
      .createQueryBuilder('campaign')
      .where('campaign.auto_enrol AND campaign.status <> :archived', { archived: NurtureCampaignStatus.ARCHIVED })
      .orderBy('campaign.id')
      .setLock('pessimistic_read')
      .getMany();
    // Read after the lock: a status committed while this waited is the one seen.
    const campaigns = locked.filter((c) => c.status === NurtureCampaignStatus.ACTIVE);
    if (campaigns.length === 0) return;
    const [score] = await this.scoreLeads(manager, [lead]);
    const firstSteps = await this.firstSteps(manager, campaigns.map((c) => c.id));
    for (const campaign of campaigns) {
      if (!matchesAudience(campaign, { ...lead, score: score.total })) continue;
      await this.insertEnrolments(manager, campaign.id, [lead.id], firstSteps.get(campaign.id));
    }
  }

  /** Ends a lead's ACTIVE enrolments, in the caller's transaction (a conversion, a disqualification, a consent withdrawal). */
  endEnrolmentsOfLead(manager: EntityManager, leadId: string, status: NurtureEnrolmentStatus, reason: string): Promise<number> {
    return this.endEnrolments(manager, { leadId }, status, reason);
  }

  /**
   * Sends every step that fell due, each enrolment in a transaction of its own, after enrolling
   * any matching lead an auto-enrol campaign missed (see `enrolMissedLeads`). Enrolments are
   * claimed with SKIP LOCKED, so job runs side by side (or a second instance) share the work
   * rather than repeat it; the unique (enrolment, step) of a message is the last guard. The claim
   * share-locks the enrolment's campaign in the same statement, also skipping a campaign locked
   * by a status change (a pause or an archive, which ends the campaign's enrolments): the job
   * never waits for one while holding an enrolment it would then wait for. An enrolment that
   * fails is logged and left for the next run.
   */
  async sendDue(): Promise<SendRun> {
    const run: SendRun = { requested: 0, suppressed: 0, ended: 0 };
    try {
      await this.enrolMissedLeads();
    } catch (error) {
      this.logger.error('enrolling leads missed by auto-enrol campaigns failed; retried on the next run', { error });
    }
    const failed: string[] = [];
    for (let i = 0; i < MAX_SENDS_PER_RUN; i += 1) {
      let claimed: string | null = null;
      try {
        const outcome = await this.dataSource.transaction(async (manager) => {
          const [row] = await preparedQuery<{ id: string }>(
            manager,
            `SELECT e.id FROM nurture_enrolments e
               JOIN nurture_campaigns c ON c.id = e.campaign_id AND c.status = 'ACTIVE'
              WHERE e.status = 'ACTIVE' AND e.next_due_at <= $1 AND NOT (e.id = ANY($2::uuid[]))
              ORDER BY e.next_due_at, e.id
              LIMIT 1
              FOR NO KEY UPDATE OF e SKIP LOCKED
              FOR SHARE OF c SKIP LOCKED`,
            [this.clock.now(), failed],
          );
          if (!row) return null;
          claimed = row.id;
          return this.sendNextStep(manager, row.id);
        });
        if (outcome === null) break;
        if (outcome !== 'skipped') run[outcome] += 1;
      } catch (error) {
        if (!claimed) throw error;
        failed.push(claimed);
        this.logger.error('sending a nurture step failed; retried on the next run', { enrolmentId: claimed, error });
      }
    }
    if (run.requested || run.suppressed || run.ended) this.logger.info('nurture steps sent', { ...run });
    return run;
  }

  /**
   * The backstop of auto-enrolment: enrols, in each ACTIVE auto-enrol campaign, the open leads
   * matching its audience whose marketing consent was recorded in the last two days and that are
   * not enrolled in it yet (at most `MAX_MISSED_PER_CAMPAIGN` a run). Leads are enrolled as they
   * come in and when a campaign goes live, so normally there are none; this only repairs a miss.
   * Idempotent (ON CONFLICT DO NOTHING), a campaign at a time; a campaign or lead locked by
   * someone else (a status change, a lead's own transaction) is skipped, never waited for.
   */
  async enrolMissedLeads(): Promise<number> {
    const ids = await preparedQuery<{ id: string }>(this.dataSource, `SELECT id FROM nurture_campaigns WHERE status = 'ACTIVE' AND auto_enrol ORDER BY id`, []);
    let total = 0;
    for (const { id } of ids) {
      total += await this.dataSource.transaction(async (manager) => {
        const campaign = await manager
          .getRepository(NurtureCampaign)
          .createQueryBuilder('campaign')
          .where('campaign.id = :id AND campaign.status = :active AND campaign.auto_enrol', { id, active: NurtureCampaignStatus.ACTIVE })
          .setLock('pessimistic_read')
          .setOnLocked('skip_locked')
          .getOne();
        if (!campaign) return 0;
        const first = (await this.firstSteps(manager, [campaign.id])).get(campaign.id);
        if (!first) return 0;
        const leads = await this.matchingLeadsQuery(manager, campaign)
          .andWhere('lead.marketing_consent_at >= :since', { since: new Date(this.clock.now().getTime() - MISSED_LOOKBACK_MS) })
          .andWhere('NOT EXISTS (SELECT 1 FROM nurture_enrolments e WHERE e.campaign_id = :campaignId AND e.lead_id = lead.id)', { campaignId: campaign.id })
          .orderBy('lead.id')
          .limit(MAX_MISSED_PER_CAMPAIGN)
          .setLock('pessimistic_read')
          .setOnLocked('skip_locked')
          .getMany();
        const enrolled = await this.insertEnrolments(manager, campaign.id, (await this.inAudience(manager, campaign, leads)).map((l) => l.id), first);
        if (enrolled.length) this.logger.info('enrolled leads an auto-enrol nurture campaign had missed', { campaignId: campaign.id, enrolled: enrolled.length });
        return enrolled.length;
      });
    }
    return total;
  }

  /** One claimed enrolment: end it if its lead may no longer be nurtured, else send (or suppress) its step and move on. */
  private async sendNextStep(manager: EntityManager, enrolmentId: string): Promise<keyof SendRun | 'skipped'> {
    const enrolment = await manager.findOneByOrFail(NurtureEnrolment, { id: enrolmentId });
    // Share-locked ACTIVE by the claim (so this read never waits): a pause or an archive waits for this send.
    const campaign = await manager.findOneBy(NurtureCampaign, { id: enrolment.campaignId });
    if (campaign?.status !== NurtureCampaignStatus.ACTIVE) return 'skipped';
    // The lead is read, not locked: its own transactions lock it first and then its enrolments.
    const lead = await manager.findOneByOrFail(Lead, { id: enrolment.leadId });
    const refusal = enrolmentRefusal(lead);
    if (refusal) {
      const [status, reason] =
        refusal === 'LEAD_CONVERTED'
          ? [NurtureEnrolmentStatus.CONVERTED, EnrolmentEndReason.LEAD_CONVERTED]
          : refusal === 'LEAD_DISQUALIFIED'
            ? [NurtureEnrolmentStatus.EXITED, EnrolmentEndReason.LEAD_DISQUALIFIED]
            : [NurtureEnrolmentStatus.OPTED_OUT, EnrolmentEndReason.CONSENT_WITHDRAWN];
      await this.endEnrolments(manager, { enrolmentId }, status, reason);
      return 'ended';
    }
    const steps = await manager.find(NurtureStep, { where: { campaignId: campaign.id }, order: { stepNumber: 'ASC' } });
    const index = steps.findIndex((s) => s.stepNumber === enrolment.nextStepNumber);
    if (index < 0) {
      await this.endEnrolments(manager, { enrolmentId }, NurtureEnrolmentStatus.COMPLETED, EnrolmentEndReason.ALL_STEPS_DONE);
      return 'ended';
    }
    const step = steps[index];
    const agent = lead.agentId ? await manager.findOneBy(Agent, { id: lead.agentId }) : null;
    const values = templateValues(lead, agent?.name ?? null);
    const now = this.clock.now();
    const recipient = recipientFor(step.channel, lead);
    const message = {
      id: randomUUID(),
      enrolmentId,
      stepNumber: step.stepNumber,
      channel: step.channel,
      recipient,
      subject: step.subject === null ? null : renderTemplate(step.subject, values),
      body: renderTemplate(step.body, values),
      status: recipient ? NurtureMessageStatus.REQUESTED : NurtureMessageStatus.SUPPRESSED,
      reason: recipient ? null : 'NO_CONTACT',
      requestedAt: now,
      settledAt: recipient ? null : now,
    };
    const inserted = await preparedQuery<{ id: string }>(
      manager,
      `INSERT INTO nurture_messages (id, enrolment_id, step_number, channel, recipient, subject, body, status, reason, requested_at, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (enrolment_id, step_number) DO NOTHING RETURNING id`,
      [message.id, enrolmentId, message.stepNumber, message.channel, message.recipient, message.subject, message.body, message.status, message.reason, message.requestedAt, message.settledAt],
    );
    if (inserted.length > 0 && recipient) {
      await recordEvent<MessageRequestedPayload>(manager, {
        type: MESSAGE_REQUESTED,
        aggregateId: enrolmentId,
        payload: {
          messageId: message.id,
          enrolmentId,
          campaignId: campaign.id,
          leadId: lead.id,
          stepNumber: step.stepNumber,
          channel: step.channel,
          recipient,
          subject: message.subject,
          body: message.body,
          requestedAt: now.toISOString(),
        },
      });
    }
    const next = steps[index + 1];
    if (next) {
      await manager.update(NurtureEnrolment, { id: enrolmentId }, { nextStepNumber: next.stepNumber, nextDueAt: nextDueAt(enrolment.nextDueAt!, now, step.delayDays, next.delayDays) });
    } else {
      await this.endEnrolments(manager, { enrolmentId }, NurtureEnrolmentStatus.COMPLETED, EnrolmentEndReason.ALL_STEPS_DONE);
    }
    return recipient ? 'requested' : 'suppressed';
  }

  /**
   * Applies engagement's outcome of a message: its status, reason, provider id and time, once.
   * A message already settled keeps its outcome; an unknown one is logged and ignored.
   */
  async onMessageSettled(manager: EntityManager, settled: MessageSettledPayload): Promise<boolean> {
    if (typeof settled.messageId !== 'string' || !isUuid(settled.messageId) || !SETTLED_STATUSES.has(settled.status)) {
      this.logger.warn('malformed engagement.lead-message.settled ignored', { messageId: settled.messageId, status: settled.status });
      return false;
    }
    const message = await manager.findOne(NurtureMessage, { where: { id: settled.messageId }, lock: { mode: 'pessimistic_write' } });
    if (!message) {
      this.logger.warn('engagement settled a nurture message crm does not know', { messageId: settled.messageId });
      return false;
    }
    if (message.status !== NurtureMessageStatus.REQUESTED) return false;
    const settledAt = new Date(settled.settledAt);
    await manager.update(
      NurtureMessage,
      { id: message.id },
      {
        status: settled.status as NurtureMessageStatus,
        reason: settled.reason ? String(settled.reason).slice(0, 500) : null,
        providerMessageId: settled.providerMessageId ? String(settled.providerMessageId).slice(0, 200) : null,
        settledAt: Number.isNaN(settledAt.getTime()) ? this.clock.now() : settledAt,
      },
    );
    return true;
  }

  campaigns(status: NurtureCampaignStatus | null | undefined): Promise<NurtureCampaign[]> {
    return this.dataSource.getRepository(NurtureCampaign).find({ where: status ? { status } : {}, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async campaignsByIds(ids: readonly string[]): Promise<NurtureCampaign[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(NurtureCampaign).findBy({ id: In(valid) }) : [];
  }

  async stepsOf(campaignIds: readonly string[]): Promise<NurtureStep[]> {
    const valid = uuidsOf(campaignIds);
    return valid.length ? this.dataSource.getRepository(NurtureStep).find({ where: { campaignId: In(valid) }, order: { stepNumber: 'ASC' } }) : [];
  }

  /** One page of enrolments per campaign in one statement; a sales agent's pages hold only their own leads. */
  async enrolmentPages(campaignIds: string[], page: PageArgs, scope: SalesScope): Promise<Map<string, Page<NurtureEnrolment>>> {
    const where =
      scope === 'ALL'
        ? undefined
        : scope.agentId === null
          ? { sql: 'false', params: {} }
          : { sql: 'lead_id IN (SELECT id FROM leads WHERE agent_id = :scopeAgentId)', params: { scopeAgentId: scope.agentId } };
    const pages = await paginatePerOwner(this.dataSource.getRepository(NurtureEnrolment), {
      ownerColumn: 'campaign_id',
      ownerProperty: 'campaignId',
      ownerIds: campaignIds,
      sort: ENROLMENT_SORT,
      page,
      where,
    });
    await this.withLeadAgents([...pages.values()].flatMap((p) => p.edges.map((e) => e.node)));
    return pages;
  }

  async enrolmentsOfLeads(leadIds: readonly string[]): Promise<NurtureEnrolment[]> {
    const valid = uuidsOf(leadIds);
    if (!valid.length) return [];
    return this.withLeadAgents(await this.dataSource.getRepository(NurtureEnrolment).find({ where: { leadId: In(valid) }, order: { enrolledAt: 'ASC', id: 'ASC' } }));
  }

  async enrolmentsByIds(ids: readonly string[]): Promise<NurtureEnrolment[]> {
    const valid = uuidsOf(ids);
    if (!valid.length) return [];
    return this.withLeadAgents(await this.dataSource.getRepository(NurtureEnrolment).find({ where: { id: In(valid) }, order: { enrolledAt: 'ASC', id: 'ASC' } }));
  }

  async messagesOf(enrolmentIds: readonly string[]): Promise<NurtureMessage[]> {
    const valid = uuidsOf(enrolmentIds);
    return valid.length ? this.dataSource.getRepository(NurtureMessage).find({ where: { enrolmentId: In(valid) }, order: { stepNumber: 'ASC' } }) : [];
  }

  /** Each campaign's counts in two statements, whatever the number of campaigns. */
  async stats(campaignIds: readonly string[]): Promise<Map<string, NurtureCampaignStats>> {
    const valid = uuidsOf(campaignIds);
    const result = new Map<string, NurtureCampaignStats>(valid.map((id) => [id, emptyStats()]));
    if (!valid.length) return result;
    const enrolments = await preparedQuery<Record<string, number> & { campaign_id: string }>(
      this.dataSource,
      `SELECT e.campaign_id,
              count(*)::int AS enrolled,
              count(*) FILTER (WHERE e.status = 'ACTIVE')::int AS active,
              count(*) FILTER (WHERE e.status = 'COMPLETED')::int AS completed,
              count(*) FILTER (WHERE l.status = 'CONVERTED')::int AS converted,
              count(*) FILTER (WHERE e.status = 'OPTED_OUT')::int AS opted_out,
              count(*) FILTER (WHERE e.status = 'EXITED')::int AS exited
         FROM nurture_enrolments e JOIN leads l ON l.id = e.lead_id
        WHERE e.campaign_id = ANY($1::uuid[]) GROUP BY e.campaign_id`,
      [valid],
    );
    const messages = await preparedQuery<Record<string, number> & { campaign_id: string }>(
      this.dataSource,
      `SELECT e.campaign_id,
              count(*) FILTER (WHERE m.status = 'REQUESTED')::int AS requested,
              count(*) FILTER (WHERE m.status = 'SENT')::int AS sent,
              count(*) FILTER (WHERE m.status = 'FAILED')::int AS failed,
              count(*) FILTER (WHERE m.status = 'SUPPRESSED')::int AS suppressed
         FROM nurture_messages m JOIN nurture_enrolments e ON e.id = m.enrolment_id
        WHERE e.campaign_id = ANY($1::uuid[]) GROUP BY e.campaign_id`,
      [valid],
    );
    for (const row of enrolments) {
      Object.assign(result.get(row.campaign_id)!, {
        enrolled: row.enrolled,
        active: row.active,
        completed: row.completed,
        converted: row.converted,
        optedOut: row.opted_out,
        exited: row.exited,
        conversionRateBps: conversionRateBps(row.enrolled, row.converted),
      });
    }
    for (const row of messages) {
      Object.assign(result.get(row.campaign_id)!, { messagesRequested: row.requested, messagesSent: row.sent, messagesFailed: row.failed, messagesSuppressed: row.suppressed });
    }
    return result;
  }

  private async lockCampaign(manager: EntityManager, campaignId: string): Promise<NurtureCampaign> {
    const campaign = isUuid(campaignId) ? await manager.findOne(NurtureCampaign, { where: { id: campaignId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!campaign) throw new NotFoundError('NurtureCampaign', campaignId);
    return campaign;
  }

  private async insertSteps(manager: EntityManager, campaignId: string, steps: NurtureStepInput[]): Promise<void> {
    if (steps.length === 0) return;
    await manager.insert(
      NurtureStep,
      steps.map((step, i) => ({ campaignId, stepNumber: i + 1, delayDays: step.delayDays, channel: step.channel, subject: step.subject?.trim() || null, body: step.body.trim() })),
    );
  }

  private async firstSteps(manager: EntityManager, campaignIds: string[]): Promise<Map<string, NurtureStep>> {
    const steps = await manager.find(NurtureStep, { where: { campaignId: In(campaignIds), stepNumber: 1 } });
    return new Map(steps.map((s) => [s.campaignId, s]));
  }

  /**
   * Enrols leads (an existing enrolment stays as it is); returns the enrolments made now. Rows go
   * in lead id order, so two enrolments of overlapping leads at once wait for each other rather
   * than deadlock.
   */
  private async insertEnrolments(manager: EntityManager, campaignId: string, leadIds: string[], first: NurtureStep | undefined): Promise<{ id: string; lead_id: string }[]> {
    if (leadIds.length === 0 || !first) return [];
    const enrolledAt = this.clock.now();
    return preparedQuery<{ id: string; lead_id: string }>(
      manager,
      `INSERT INTO nurture_enrolments (campaign_id, lead_id, status, enrolled_at, next_step_number, next_due_at)
       SELECT $1, lead_id, 'ACTIVE', $3, $4, $5 FROM unnest($2::uuid[]) AS l(lead_id) ORDER BY lead_id
       ON CONFLICT (campaign_id, lead_id) DO NOTHING RETURNING id, lead_id`,
      [campaignId, leadIds, enrolledAt, first.stepNumber, stepDueAt(enrolledAt, first.delayDays)],
    );
  }

  /** Enrols the open, consenting leads matching an auto-enrol campaign that has just gone live. */
  private async enrolMatchingOpenLeads(manager: EntityManager, campaign: NurtureCampaign, first: NurtureStep): Promise<void> {
    const leads = await this.matchingLeadsQuery(manager, campaign).orderBy('lead.id').setLock('pessimistic_read').getMany();
    if (leads.length === 0) return;
    const enrolled = await this.insertEnrolments(manager, campaign.id, (await this.inAudience(manager, campaign, leads)).map((l) => l.id), first);
    this.logger.info('auto-enrolled open leads in an activated nurture campaign', { campaignId: campaign.id, enrolled: enrolled.length });
  }

  /** The open, consenting leads in a campaign's audience as far as SQL can tell (all but the score). */
  private matchingLeadsQuery(manager: EntityManager, campaign: NurtureCampaign) {
    const query = manager
      .getRepository(Lead)
      .createQueryBuilder('lead')
      .where('lead.status IN (:...open) AND lead.marketing_consent', { open: OPEN_LEAD_STATUSES });
    if (campaign.productInterests.length) query.andWhere('lead.product_interest = ANY(:products)', { products: campaign.productInterests });
    if (campaign.sources.length) query.andWhere('lead.source = ANY(:sources)', { sources: campaign.sources });
    if (campaign.regions.length) query.andWhere('lead.region = ANY(:regions)', { regions: campaign.regions });
    return query;
  }

  /** The leads in a campaign's audience, scored only when it has a minimum score. */
  private async inAudience(manager: EntityManager, campaign: NurtureCampaign, leads: Lead[]): Promise<Lead[]> {
    if (leads.length === 0) return [];
    const scores = campaign.minScore === null ? null : await this.scoreLeads(manager, leads);
    return leads.filter((lead, i) => matchesAudience(campaign, { ...lead, score: scores?.[i].total ?? 0 }));
  }

  private async endEnrolments(
    manager: EntityManager,
    which: { leadId?: string; campaignId?: string; enrolmentId?: string },
    status: NurtureEnrolmentStatus,
    reason: string,
  ): Promise<number> {
    const [{ ended }] = await preparedQuery<{ ended: number }>(
      manager,
      `WITH ended AS (
         UPDATE nurture_enrolments
            SET status = $4, end_reason = $5, ended_at = $6, next_step_number = NULL, next_due_at = NULL, updated_at = now(), version = version + 1
          WHERE status = 'ACTIVE' AND ($1::uuid IS NULL OR lead_id = $1) AND ($2::uuid IS NULL OR campaign_id = $2) AND ($3::uuid IS NULL OR id = $3)
          RETURNING id)
       SELECT count(*)::int AS ended FROM ended`,
      [which.leadId ?? null, which.campaignId ?? null, which.enrolmentId ?? null, status, reason, this.clock.now()],
    );
    return ended;
  }

  /** Notes on each enrolment the agent working its lead, for the permission rule (one statement). */
  private async withLeadAgents(enrolments: NurtureEnrolment[]): Promise<NurtureEnrolment[]> {
    const leadIds = [...new Set(enrolments.map((e) => e.leadId))];
    if (!leadIds.length) return enrolments;
    const rows = await preparedQuery<{ id: string; agent_id: string | null }>(this.dataSource, 'SELECT id, agent_id FROM leads WHERE id = ANY($1::uuid[])', [leadIds]);
    const agents = new Map(rows.map((r) => [r.id, r.agent_id]));
    for (const enrolment of enrolments) enrolment.leadAgentId = agents.get(enrolment.leadId) ?? null;
    return enrolments;
  }
}

function readAudience(input: NurtureAudienceInput | null | undefined, violations: Violations) {
  const regions = [...new Set((input?.regions ?? []).map((r) => r.trim()))];
  for (const region of regions) if (!isKenyanCounty(region)) violations.add('audience.regions', 'KENYAN_COUNTY', `"${region}" is not a Kenyan county`);
  const minScore = input?.minScore ?? null;
  if (minScore !== null && (!Number.isInteger(minScore) || minScore < 0 || minScore > 100)) violations.add('audience.minScore', 'SCORE_RANGE', 'must be 0 to 100');
  return { productInterests: [...new Set(input?.productInterests ?? [])], sources: [...new Set(input?.sources ?? [])], regions, minScore };
}
