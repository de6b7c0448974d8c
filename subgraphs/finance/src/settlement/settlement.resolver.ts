import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { FinanceContext } from '../context';
import { JournalEntry } from '../ledger/journal-entry.entity';
import { MemberReference, memberReference } from '../member.reference';
import { Settlement } from './settlement.entity';
import { SettlementFilter } from './settlement.input';

export const SettlementConnection = Connection(Settlement);

@Resolver(() => Settlement)
export class SettlementResolver {
  @Query(() => Settlement, { nullable: true, description: 'One provider settlement, or null when the id is unknown.' })
  settlement(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<Settlement | null> {
    return ctx.loaders.settlementById.load(id);
  }

  @Query(() => SettlementConnection, { description: 'Provider settlements of decided claims, by provider or status, newest first.' })
  settlements(
    @Arg('filter', () => SettlementFilter, { nullable: true }) filter: SettlementFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.settlements.list(filter, page);
  }

  @Mutation(() => [Settlement], {
    description: 'Pays providers the settlements owed whose payment batch is on or before upTo (one provider\'s, or all): one bank payment per provider and currency. Each settlement is paid once.',
  })
  paySettlements(
    @Arg('upTo', () => LocalDateResolver) upTo: string,
    @Arg('providerId', () => ID, { nullable: true }) providerId: string | null,
    @Ctx() ctx: FinanceContext,
  ): Promise<Settlement[]> {
    return ctx.services.settlements.pay(upTo, providerId, ctx.actor.id);
  }

  @FieldResolver(() => MemberReference, { nullable: true, description: 'The member treated.' })
  member(@Root() settlement: Settlement): MemberReference | null {
    return settlement.memberId ? memberReference(settlement.memberId) : null;
  }

  @FieldResolver(() => [JournalEntry], { description: 'Ledger entries of the settlement: its booking and, if reversed, the reversal.' })
  journalEntries(@Root() settlement: Settlement, @Ctx() ctx: FinanceContext): Promise<JournalEntry[]> {
    return ctx.loaders.journalEntriesBySource.load(settlement.id);
  }
}
