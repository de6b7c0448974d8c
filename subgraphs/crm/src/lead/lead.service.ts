import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { BUSINESS_TIME_ZONE, today as dateIn } from '../../../../kit/dates';
import { ForbiddenError } from '../../../../kit/auth/rules';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { recordEvent } from '../../../../kit/events/outbox';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { isKenyanCounty } from '../../../../kit/kenya';
import { DEFAULT_CURRENCY, readMoneyInput } from '../../../../kit/money';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { inScope, whereInScope, type SalesScope } from '../access';
import type { AgentService } from '../agent/agent.service';
import { Opportunity, OpportunityStage } from '../opportunity/opportunity.entity';
import { OpportunityStageChange } from '../opportunity/opportunity-stage-change.entity';
import { LeadActivity, LeadActivityType } from './lead-activity.entity';
import { Lead, LeadStatus } from './lead.entity';
import { CONSENT_CHANGED, type ConsentChangedPayload } from '../nurture/nurture.events';
import type { ChangeLeadStatusInput, ConvertLeadInput, CreateLeadInput, LeadFilter, LogLeadActivityInput, RecordLeadMarketingConsentInput } from './lead.input';
import { checkLeadTransition, opportunityNameFor } from './lead.rules';
import { scoreLead, type Score } from './lead-score';

export const LEAD_SORT: KeysetSort<Lead> = { column: 'created_at', property: 'createdAt', direction: 'DESC' };

const CONTACT_TYPES = new Set([LeadActivityType.CALL, LeadActivityType.EMAIL, LeadActivityType.MEETING]);

/** What other areas do inside a lead's own transactions (nurture campaigns enrol and end with the lead). */
export interface LeadHooks {
  /** A lead was taken in, or gave marketing consent it did not have before. */
  onLeadOpenToMarketing?(manager: EntityManager, lead: Lead): Promise<void>;
  /** A lead withdrew marketing consent. */
  onConsentWithdrawn?(manager: EntityManager, lead: Lead): Promise<void>;
  /** A lead was converted or disqualified. */
  onLeadClosed?(manager: EntityManager, lead: Lead): Promise<void>;
}

/** Leads: intake and routing, activity, status, conversion to an opportunity, marketing consent, and the score. */
export class LeadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: AgentService,
    private readonly clock: Clock,
    private readonly hooks: LeadHooks = {},
  ) {}

  /** Takes a lead in and routes it to an agent of the territory covering its county. */
  async create(input: CreateLeadInput, actorId: string): Promise<Lead> {
    const violations = new Violations();
    const region = input.region.trim();
    if (!isKenyanCounty(region)) violations.add('region', 'KENYAN_COUNTY', `"${input.region}" is not a Kenyan county`);
    if (!input.contactPhone && !input.contactEmail) violations.add('contactPhone', 'CONTACT_REQUIRED', 'give a phone number or an e-mail address');
    const budget = input.budget ? readMoneyInput(input.budget, 'budget', violations, { allowZero: true }) : null;
    violations.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const agentId = await this.agents.routeLead(manager, region);
      const lead = manager.create(Lead, {
        contactName: input.contactName.trim(),
        contactPhone: input.contactPhone ?? null,
        contactEmail: input.contactEmail?.trim().toLowerCase() ?? null,
        companyName: input.companyName?.trim() ?? null,
        employeeCount: input.employeeCount,
        region,
        source: input.source,
        productInterest: input.productInterest,
        budgetMinor: budget?.minor ?? null,
        currency: budget?.currency ?? DEFAULT_CURRENCY,
        status: LeadStatus.NEW,
        disqualificationReason: null,
        agentId,
        receivedOn: this.clock.today(),
        convertedOn: null,
        lastContactedAt: null,
        // No consent is the starting state, not a recording of one: only a given consent is recorded (version 1).
        marketingConsent: input.marketingConsent,
        marketingConsentAt: input.marketingConsent ? this.clock.now() : null,
        consentVersion: input.marketingConsent ? 1 : 0,
      });
      await manager.save(lead);
      await this.log(manager, lead.id, LeadActivityType.ASSIGNED, agentId ? `Routed to agent ${agentId}` : `No territory covers ${region}: unassigned`, actorId);
      if (input.marketingConsent) {
        await this.log(manager, lead.id, LeadActivityType.NOTE, 'Marketing consent given at intake', actorId);
        await this.publishConsent(manager, lead);
      }
      await this.hooks.onLeadOpenToMarketing?.(manager, lead);
      return lead;
    });
  }

  /** Logs a call, e-mail, meeting or note; a contact also marks a NEW lead CONTACTED. */
  async logActivity(input: LogLeadActivityInput, actorId: string, scope: SalesScope): Promise<Lead> {
    if (input.type === LeadActivityType.STATUS_CHANGE || input.type === LeadActivityType.ASSIGNED) {
      new Violations().add('type', 'LOGGABLE_TYPE', 'log a CALL, EMAIL, MEETING or NOTE').throwIfAny();
    }
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.lockFor(manager, input.leadId, scope);
      await this.log(manager, lead.id, input.type, input.note.trim(), actorId);
      if (CONTACT_TYPES.has(input.type)) {
        lead.lastContactedAt = this.clock.now();
        if (lead.status === LeadStatus.NEW) {
          lead.status = LeadStatus.CONTACTED;
          await this.log(manager, lead.id, LeadActivityType.STATUS_CHANGE, 'NEW → CONTACTED', actorId);
        }
        await manager.save(lead);
      }
      return lead;
    });
  }

  async changeStatus(input: ChangeLeadStatusInput, actorId: string, scope: SalesScope): Promise<Lead> {
    if (input.status === LeadStatus.CONVERTED) {
      new Violations().add('status', 'CONVERT_SEPARATELY', 'use convertLead to convert a qualified lead').throwIfAny();
    }
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.lockFor(manager, input.leadId, scope);
      checkLeadTransition(lead.status, input.status, input.reason);
      const from = lead.status;
      lead.status = input.status;
      if (input.status === LeadStatus.DISQUALIFIED) lead.disqualificationReason = input.reason!.trim();
      await manager.save(lead);
      await this.log(manager, lead.id, LeadActivityType.STATUS_CHANGE, `${from} → ${input.status}${input.reason ? `: ${input.reason.trim()}` : ''}`, actorId);
      if (input.status === LeadStatus.DISQUALIFIED) await this.hooks.onLeadClosed?.(manager, lead);
      return lead;
    });
  }

  /** A manager hands a lead to another agent. */
  async assign(leadId: string, agentId: string, actorId: string): Promise<Lead> {
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.lockFor(manager, leadId, 'ALL');
      const agent = await this.agents.mustExist(manager, agentId, 'agentId');
      lead.agentId = agent.id;
      await manager.save(lead);
      await this.log(manager, lead.id, LeadActivityType.ASSIGNED, `Assigned to ${agent.agentCode}`, actorId);
      return lead;
    });
  }

  /** Converts a QUALIFIED lead: the lead becomes CONVERTED and its opportunity opens in PROSPECTING. */
  async convert(input: ConvertLeadInput, actorId: string, scope: SalesScope): Promise<Opportunity> {
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.lockFor(manager, input.leadId, scope);
      checkLeadTransition(lead.status, LeadStatus.CONVERTED, null);
      const violations = new Violations();
      if (input.schemeId && !isUuid(input.schemeId)) violations.add('schemeId', 'VALID_ID', `"${input.schemeId}" is not a scheme id`);
      const expected = input.expectedAnnualPremium
        ? readMoneyInput(input.expectedAnnualPremium, 'expectedAnnualPremium', violations, { allowZero: true })
        : { minor: lead.budgetMinor ?? 0, currency: lead.currency };
      violations.throwIfAny();
      const today = this.clock.today();
      lead.status = LeadStatus.CONVERTED;
      lead.convertedOn = today;
      await manager.save(lead);
      await this.log(manager, lead.id, LeadActivityType.STATUS_CHANGE, 'QUALIFIED → CONVERTED', actorId);
      await this.hooks.onLeadClosed?.(manager, lead);
      const opportunity = manager.create(Opportunity, {
        leadId: lead.id,
        agentId: lead.agentId,
        name: input.name?.trim() || opportunityNameFor(lead),
        stage: OpportunityStage.PROSPECTING,
        schemeId: input.schemeId ?? null,
        expectedPremiumMinor: expected!.minor,
        currency: expected!.currency,
        lostReason: null,
        policyId: null,
        closedOn: null,
      });
      await manager.save(opportunity);
      await manager.insert(OpportunityStageChange, {
        opportunityId: opportunity.id,
        fromStage: null,
        toStage: OpportunityStage.PROSPECTING,
        actorId,
        reason: 'Converted from a qualified lead',
        changedAt: this.clock.now(),
      });
      return opportunity;
    });
  }

  /**
   * Records a lead's answer on direct marketing, with where it was given, in its activity log:
   * the consent version goes up and `crm.lead.consent-changed` goes out in the same transaction.
   * A withdrawal ends the lead's ACTIVE nurture enrolments (OPTED_OUT) in it too; a consent
   * newly given (no before, yes now) enrols the lead in the auto-enrol campaigns it matches.
   */
  async recordConsent(input: RecordLeadMarketingConsentInput, actorId: string, scope: SalesScope): Promise<Lead> {
    const source = input.source.trim();
    if (!source) new Violations().add('source', 'NOT_EMPTY', 'say where the lead gave (or withdrew) consent').throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.lockFor(manager, input.leadId, scope);
      const given = input.consent && !lead.marketingConsent;
      lead.marketingConsent = input.consent;
      lead.marketingConsentAt = this.clock.now();
      lead.consentVersion += 1;
      await manager.save(lead);
      await this.log(manager, lead.id, LeadActivityType.NOTE, `Marketing consent ${input.consent ? 'given' : 'withdrawn'} (${source})`, actorId);
      await this.publishConsent(manager, lead);
      // Only a consent newly given enrols: a lead that had it already was enrolled when it came
      // in or when a campaign went live (and an activation may hold that lead's share lock now).
      if (given) await this.hooks.onLeadOpenToMarketing?.(manager, lead);
      else if (!input.consent) await this.hooks.onConsentWithdrawn?.(manager, lead);
      return lead;
    });
  }

  private async publishConsent(manager: EntityManager, lead: Lead): Promise<void> {
    await recordEvent<ConsentChangedPayload>(manager, {
      type: CONSENT_CHANGED,
      aggregateId: lead.id,
      payload: { leadId: lead.id, marketingConsent: lead.marketingConsent, changedAt: lead.marketingConsentAt!.toISOString(), version: lead.consentVersion },
    });
  }

  private async lockFor(manager: EntityManager, leadId: string, scope: SalesScope): Promise<Lead> {
    const lead = isUuid(leadId) ? await manager.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!lead) throw new NotFoundError('Lead', leadId);
    if (!inScope(scope, lead.agentId)) throw new ForbiddenError("another agent's lead");
    return lead;
  }

  private async log(manager: EntityManager, leadId: string, type: LeadActivityType, note: string, actorId: string): Promise<void> {
    await manager.insert(LeadActivity, { leadId, type, note, actorId, occurredAt: this.clock.now() });
  }

  /** The scores of several leads in one look at territory coverage (`manager`: inside the caller's transaction). */
  async scores(leads: readonly Lead[], manager?: EntityManager): Promise<Score[]> {
    const covered = await this.agents.coveredRegions([...new Set(leads.map((l) => l.region))], manager);
    const asOf = this.clock.today();
    return leads.map((lead) =>
      scoreLead({
        source: lead.source,
        employeeCount: lead.employeeCount,
        productInterest: lead.productInterest,
        budgetMinor: lead.budgetMinor,
        currency: lead.currency,
        lastContactedOn: lead.lastContactedAt ? dateIn(BUSINESS_TIME_ZONE, lead.lastContactedAt) : null,
        regionCovered: covered.has(lead.region),
        region: lead.region,
        asOf,
      }),
    );
  }

  async byIds(ids: readonly string[]): Promise<Lead[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(Lead).findBy({ id: In(valid) }) : [];
  }

  async activitiesOf(leadIds: readonly string[]): Promise<LeadActivity[]> {
    const valid = uuidsOf(leadIds);
    if (valid.length === 0) return [];
    return this.dataSource
      .getRepository(LeadActivity)
      .createQueryBuilder('activity')
      .where('activity.lead_id IN (:...leadIds)', { leadIds: valid })
      .orderBy('activity.occurred_at', 'ASC')
      .addOrderBy('activity.entry_order', 'ASC')
      .getMany();
  }

  /** Leads in the caller's scope: a sales agent sees only their own. */
  list(filter: LeadFilter | undefined, page: PageArgs, scope: SalesScope): Promise<Page<Lead>> {
    const query = this.dataSource.getRepository(Lead).createQueryBuilder('lead');
    whereInScope(query, 'lead.agent_id', scope);
    if (filter?.status) query.andWhere('lead.status = :status', { status: filter.status });
    if (filter?.agentId) query.andWhere('lead.agent_id = :agentId', { agentId: filter.agentId });
    if (filter?.region) query.andWhere('lead.region = :region', { region: filter.region });
    return paginate(query, 'lead', LEAD_SORT, page);
  }
}
