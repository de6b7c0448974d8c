import { Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { ClaimsContext } from '../context';

@ObjectType({ description: 'A request to refill claims\' copies of other domains\' data from their snapshots.' })
export class ClaimsReadModelRebuild {
  @Field()
  requestedBy: string;

  @Field()
  requestedAt: Date;

  @Field(() => [String], { description: 'The read-model tables that were emptied.' })
  clearedTables: string[];
}

@Resolver()
export class ReadModelResolver {
  @Mutation(() => ClaimsReadModelRebuild, {
    description: 'Administrators: empties claims\' read models of members, policies, schemes and providers and asks those domains to publish snapshots to refill them.',
  })
  rebuildReadModels(@Ctx() ctx: ClaimsContext): Promise<ClaimsReadModelRebuild> {
    return ctx.services.readModels.rebuild(ctx.actor.id);
  }
}
