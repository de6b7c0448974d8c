import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { CrmContext } from '../context';
import { Agent } from './agent.entity';
import { AgentFilter, CreateAgentInput, CreateSalesTeamInput, CreateTerritoryInput, UpdateAgentInput } from './agent.input';
import { SalesTeam } from './sales-team.entity';
import { Territory } from './territory.entity';

export const AgentConnection = Connection(Agent);

@Resolver(() => Agent)
export class AgentResolver {
  @Query(() => Agent, { nullable: true, description: 'One agent, or null when the id is unknown.' })
  agent(@Arg('id', () => ID) id: string, @Ctx() ctx: CrmContext): Promise<Agent | null> {
    return ctx.loaders.agentById.load(id);
  }

  @Query(() => Agent, { nullable: true, description: 'The agent the signed-in user is, if any.' })
  currentAgent(@Ctx() ctx: CrmContext): Promise<Agent | null> {
    return ctx.loaders.agentByUserId.load(ctx.actor.id);
  }

  @Query(() => AgentConnection, { description: 'Agents by team, territory or status, ordered by agent code.' })
  agents(@Arg('filter', () => AgentFilter, { nullable: true }) filter: AgentFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: CrmContext) {
    return ctx.services.agents.list(filter, page);
  }

  @Query(() => [Territory])
  territories(@Ctx() ctx: CrmContext): Promise<Territory[]> {
    return ctx.services.agents.territories();
  }

  @Query(() => [SalesTeam])
  salesTeams(@Ctx() ctx: CrmContext): Promise<SalesTeam[]> {
    return ctx.services.agents.teams();
  }

  @Mutation(() => Territory, { description: 'A territory covering Kenyan counties; leads from them are routed to its agents.' })
  createTerritory(@Arg('input', () => CreateTerritoryInput) input: CreateTerritoryInput, @Ctx() ctx: CrmContext): Promise<Territory> {
    return ctx.services.agents.createTerritory(input);
  }

  @Mutation(() => SalesTeam)
  createSalesTeam(@Arg('input', () => CreateSalesTeamInput) input: CreateSalesTeamInput, @Ctx() ctx: CrmContext): Promise<SalesTeam> {
    return ctx.services.agents.createTeam(input);
  }

  @Mutation(() => Agent)
  createAgent(@Arg('input', () => CreateAgentInput) input: CreateAgentInput, @Ctx() ctx: CrmContext): Promise<Agent> {
    return ctx.services.agents.createAgent(input);
  }

  @Mutation(() => Agent, { description: "Moves an agent to another team or territory, or changes their status." })
  updateAgent(@Arg('input', () => UpdateAgentInput) input: UpdateAgentInput, @Ctx() ctx: CrmContext): Promise<Agent> {
    return ctx.services.agents.updateAgent(input);
  }

  @FieldResolver(() => SalesTeam, { nullable: true })
  team(@Root() agent: Agent, @Ctx() ctx: CrmContext): Promise<SalesTeam | null> | null {
    return agent.teamId ? ctx.loaders.teamById.load(agent.teamId) : null;
  }

  @FieldResolver(() => Territory, { nullable: true })
  territory(@Root() agent: Agent, @Ctx() ctx: CrmContext): Promise<Territory | null> | null {
    return agent.territoryId ? ctx.loaders.territoryById.load(agent.territoryId) : null;
  }
}

@Resolver(() => SalesTeam)
export class SalesTeamResolver {
  @FieldResolver(() => Agent, { nullable: true })
  manager(@Root() team: SalesTeam, @Ctx() ctx: CrmContext): Promise<Agent | null> | null {
    return team.managerAgentId ? ctx.loaders.agentById.load(team.managerAgentId) : null;
  }
}
