import { In, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../../kit/database';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { isKenyanCounty } from '../../../../kit/kenya';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { OPEN_LEAD_STATUSES } from '../lead/lead.rules';
import { Agent, AgentStatus } from './agent.entity';
import type { AgentFilter, CreateAgentInput, CreateSalesTeamInput, CreateTerritoryInput, UpdateAgentInput } from './agent.input';
import { pickAgent, type RoutingCandidate } from './routing.rules';
import { SalesTeam } from './sales-team.entity';
import { Territory } from './territory.entity';

export const AGENT_SORT: KeysetSort<Agent> = { column: 'agent_code', property: 'agentCode', direction: 'ASC' };

export interface AgentHooks {
  /** Runs after a new agent is committed (commission on sales that named them before crm knew them). */
  onAgentCreated?: (agentId: string) => Promise<void>;
}

/** Agents, sales teams, territories, and which agent a new lead goes to. */
export class AgentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hooks: AgentHooks = {},
  ) {}

  async createTerritory(input: CreateTerritoryInput): Promise<Territory> {
    const violations = new Violations();
    const regions = [...new Set(input.regions.map((r) => r.trim()))];
    for (const region of regions) if (!isKenyanCounty(region)) violations.add('regions', 'KENYAN_COUNTY', `"${region}" is not a Kenyan county`);
    violations.throwIfAny();
    try {
      return await this.dataSource.getRepository(Territory).save({ name: input.name.trim(), regions });
    } catch (error) {
      if (isUniqueViolation(error, 'territories_name_key')) throw new ConflictError(`a territory named "${input.name}" exists`, { field: 'name', rule: 'UNIQUE' });
      throw error;
    }
  }

  async createTeam(input: CreateSalesTeamInput): Promise<SalesTeam> {
    if (input.managerAgentId) await this.mustExist(this.dataSource.manager, input.managerAgentId, 'managerAgentId');
    try {
      return await this.dataSource.getRepository(SalesTeam).save({ name: input.name.trim(), managerAgentId: input.managerAgentId ?? null });
    } catch (error) {
      if (isUniqueViolation(error, 'sales_teams_name_key')) throw new ConflictError(`a team named "${input.name}" exists`, { field: 'name', rule: 'UNIQUE' });
      throw error;
    }
  }

  async createAgent(input: CreateAgentInput): Promise<Agent> {
    const agent = await this.dataSource.transaction(async (manager) => {
      await this.checkPlacement(manager, input.teamId, input.territoryId);
      try {
        const agent = manager.create(Agent, {
          agentCode: input.agentCode,
          name: input.name.trim(),
          email: input.email.trim().toLowerCase(),
          phone: input.phone,
          userId: input.userId ?? null,
          teamId: input.teamId ?? null,
          territoryId: input.territoryId ?? null,
          status: AgentStatus.ACTIVE,
          hireDate: input.hireDate,
        });
        return await manager.save(agent);
      } catch (error) {
        if (isUniqueViolation(error, 'agents_agent_code_key')) throw new ConflictError(`agent code ${input.agentCode} is taken`, { field: 'agentCode', rule: 'UNIQUE' });
        if (isUniqueViolation(error, 'agents_user_key')) throw new ConflictError(`user ${input.userId} is already an agent`, { field: 'userId', rule: 'UNIQUE' });
        throw error;
      }
    });
    await this.hooks.onAgentCreated?.(agent.id);
    return agent;
  }

  async updateAgent(input: UpdateAgentInput): Promise<Agent> {
    return this.dataSource.transaction(async (manager) => {
      const agent = await this.mustExist(manager, input.agentId, 'agentId');
      await this.checkPlacement(manager, input.teamId, input.territoryId);
      if (input.teamId !== undefined) agent.teamId = input.teamId;
      if (input.territoryId !== undefined) agent.territoryId = input.territoryId;
      if (input.status) agent.status = input.status;
      return manager.save(agent);
    });
  }

  private async checkPlacement(manager: EntityManager, teamId?: string | null, territoryId?: string | null): Promise<void> {
    const violations = new Violations();
    if (teamId && !(isUuid(teamId) && (await manager.existsBy(SalesTeam, { id: teamId })))) violations.add('teamId', 'EXISTS', `team ${teamId} does not exist`);
    if (territoryId && !(isUuid(territoryId) && (await manager.existsBy(Territory, { id: territoryId })))) {
      violations.add('territoryId', 'EXISTS', `territory ${territoryId} does not exist`);
    }
    violations.throwIfAny();
  }

  async mustExist(manager: EntityManager, agentId: string, field: string): Promise<Agent> {
    const agent = isUuid(agentId) ? await manager.findOneBy(Agent, { id: agentId }) : null;
    if (!agent) new Violations().add(field, 'EXISTS', `agent ${agentId} does not exist`).throwIfAny();
    return agent!;
  }

  /** Whether some territory covers the county. */
  /** Which of the regions a territory covers (`manager`: inside the caller's transaction). */
  async coveredRegions(regions: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const rows: { region: string }[] = await manager.query(
      `SELECT DISTINCT r AS region FROM territories, unnest(regions) AS r WHERE r = ANY($1)`,
      [[...regions]],
    );
    return new Set(rows.map((r) => r.region));
  }

  /**
   * The agent a lead from `region` goes to: the least-loaded ACTIVE agent of a territory covering
   * the county (see `pickAgent`); null when no territory (or no active agent) covers it. Call it in
   * the transaction that saves the lead: it holds a transaction-level advisory lock on each
   * territory covering the county (in id order, so two regions sharing territories can not
   * deadlock) until then, so leads arriving together each count the ones routed before them.
   */
  async routeLead(manager: EntityManager, region: string): Promise<string | null> {
    const territories: { id: string }[] = await manager.query(`SELECT id FROM territories WHERE $1 = ANY(regions) ORDER BY id`, [region]);
    for (const territory of territories) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('crm.lead-routing:' || $1, 0))`, [territory.id]);
    }
    const rows: { agent_id: string; agent_code: string; open_leads: number }[] = await manager.query(
      `SELECT a.id AS agent_id, a.agent_code,
              (SELECT count(*) FROM leads l WHERE l.agent_id = a.id AND l.status = ANY($2))::int AS open_leads
         FROM agents a JOIN territories t ON t.id = a.territory_id
        WHERE a.status = 'ACTIVE' AND $1 = ANY(t.regions)`,
      [region, OPEN_LEAD_STATUSES],
    );
    const candidates: RoutingCandidate[] = rows.map((r) => ({ agentId: r.agent_id, agentCode: r.agent_code, openLeads: r.open_leads }));
    return pickAgent(candidates);
  }

  async byIds(ids: readonly string[]): Promise<Agent[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(Agent).findBy({ id: In(valid) }) : [];
  }

  async byUserIds(userIds: readonly string[]): Promise<Agent[]> {
    return userIds.length ? this.dataSource.getRepository(Agent).findBy({ userId: In([...userIds]) }) : [];
  }

  async teamsByIds(ids: readonly string[]): Promise<SalesTeam[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(SalesTeam).findBy({ id: In(valid) }) : [];
  }

  async territoriesByIds(ids: readonly string[]): Promise<Territory[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.dataSource.getRepository(Territory).findBy({ id: In(valid) }) : [];
  }

  async get(id: string): Promise<Agent> {
    const [agent] = await this.byIds([id]);
    if (!agent) throw new NotFoundError('Agent', id);
    return agent;
  }

  list(filter: AgentFilter | undefined, page: PageArgs): Promise<Page<Agent>> {
    const query = this.dataSource.getRepository(Agent).createQueryBuilder('agent');
    if (filter?.teamId) query.andWhere('agent.team_id = :teamId', { teamId: filter.teamId });
    if (filter?.territoryId) query.andWhere('agent.territory_id = :territoryId', { territoryId: filter.territoryId });
    if (filter?.status) query.andWhere('agent.status = :status', { status: filter.status });
    return paginate(query, 'agent', AGENT_SORT, page);
  }

  territories(): Promise<Territory[]> {
    return this.dataSource.getRepository(Territory).find({ order: { name: 'ASC' } });
  }

  teams(): Promise<SalesTeam[]> {
    return this.dataSource.getRepository(SalesTeam).find({ order: { name: 'ASC' } });
  }
}
