import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { DEFAULT_CURRENCY } from '../../../../kit/money';
import { salesScopeOf } from '../access';
import type { CrmContext } from '../context';
import { AgentPerformance } from './performance.types';

@Resolver()
export class PerformanceResolver {
  @Query(() => [AgentPerformance], { description: "Each agent's sales and commission over a period; a sales agent sees only their own." })
  async agentPerformance(
    @Arg('from', () => LocalDateResolver) from: string,
    @Arg('to', () => LocalDateResolver) to: string,
    @Arg('agentId', () => ID, { nullable: true }) agentId: string | null,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
    @Arg('currency', { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: CrmContext,
  ): Promise<AgentPerformance[]> {
    const scope = await salesScopeOf(ctx);
    if (scope !== 'ALL') {
      if (!scope.agentId || (agentId && agentId !== scope.agentId)) return [];
      agentId = scope.agentId;
    }
    return ctx.services.performance.agentPerformance({ from, to, agentId, teamId, currency });
  }
}
