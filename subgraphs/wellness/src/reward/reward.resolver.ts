import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WellnessContext } from '../context';
import { RewardAward, RewardRule } from './reward.entity';
import { CreateRewardRuleInput } from './reward.input';

@Resolver(() => RewardAward)
export class RewardResolver {
  @Query(() => [RewardRule], { description: 'The rules members earn points by, as members read them.' })
  rewardRules(@Arg('includeInactive', { defaultValue: false }) includeInactive: boolean, @Ctx() ctx: WellnessContext) {
    return ctx.services.rewards.rules(includeInactive);
  }

  @Mutation(() => RewardRule)
  createRewardRule(@Arg('input', () => CreateRewardRuleInput) input: CreateRewardRuleInput, @Ctx() ctx: WellnessContext) {
    return ctx.services.rewards.createRule(input);
  }

  @Mutation(() => RewardRule, { description: 'Stops (or resumes) a rule earning points; points already earned stay.' })
  setRewardRuleActive(@Arg('code') code: string, @Arg('active') active: boolean, @Ctx() ctx: WellnessContext) {
    return ctx.services.rewards.setRuleActive(code, active);
  }

  @FieldResolver(() => RewardRule)
  rule(@Root() award: RewardAward, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.ruleById.load(award.ruleId);
  }
}
