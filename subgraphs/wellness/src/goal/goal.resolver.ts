import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertActsFor } from '../access';
import type { WellnessContext } from '../context';
import { Goal, GoalProgress } from './goal.entity';
import { CreateWellnessProgrammeInput, SetWellnessGoalInput } from './goal.input';
import { ActivityProgress, Programme, ProgrammeEnrolment } from './programme.entity';

@Resolver(() => Goal)
export class GoalResolver {
  @Mutation(() => Goal, { description: 'Sets a goal for a member (a member only for themselves).' })
  setWellnessGoal(@Arg('input', () => SetWellnessGoalInput) input: SetWellnessGoalInput, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, input.memberId);
    return ctx.services.goals.create(input);
  }

  @Mutation(() => Goal)
  async abandonWellnessGoal(@Arg('id', () => ID) id: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.goals.byId(id)).memberId);
    return ctx.services.goals.abandon(id);
  }

  @FieldResolver(() => GoalProgress)
  async progress(@Root() goal: Goal, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.goalProgress.load(goal);
  }
}

@Resolver(() => ProgrammeEnrolment)
export class ProgrammeResolver {
  @Query(() => [Programme], { description: 'Wellness programmes, latest first.' })
  wellnessProgrammes(@Ctx() ctx: WellnessContext) {
    return ctx.services.goals.programmes();
  }

  @Mutation(() => Programme)
  createWellnessProgramme(@Arg('input', () => CreateWellnessProgrammeInput) input: CreateWellnessProgrammeInput, @Ctx() ctx: WellnessContext) {
    return ctx.services.goals.createProgramme(input);
  }

  @Mutation(() => ProgrammeEnrolment, { description: 'Enrols a member in a programme once (a member only themselves).' })
  enrolInWellnessProgramme(@Arg('memberId', () => ID) memberId: string, @Arg('programmeCode') programmeCode: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, memberId);
    return ctx.services.goals.enrol(memberId, programmeCode);
  }

  @FieldResolver(() => Programme)
  programme(@Root() enrolment: ProgrammeEnrolment, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.programmeById.load(enrolment.programmeId);
  }

  @FieldResolver(() => [ActivityProgress], { description: 'Progress on each activity the programme requires.' })
  progress(@Root() enrolment: ProgrammeEnrolment, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.activityProgress.load(enrolment);
  }
}
