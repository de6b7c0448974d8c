import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Money } from '../../../../kit/money';

/** One agent's numbers over a period. */
@ObjectType({ description: "One agent's sales and commission over a period." })
export class AgentPerformance {
  @Field(() => ID)
  agentId: string;

  @Field()
  agentCode: string;

  @Field()
  agentName: string;

  @Field(() => ID, { nullable: true })
  teamId: string | null;

  @Field(() => LocalDateResolver)
  from: string;

  @Field(() => LocalDateResolver)
  to: string;

  @Field(() => Int, { description: 'Policies the agent sold that started in the period, whatever their status now and whether or not commission accrued on them.' })
  policiesSold: number;

  @Field(() => Money, { description: 'Annualised premium of those policies (the ones in the currency asked for).' })
  premiumWritten: Money;

  @Field(() => Int, { description: 'Leads routed or assigned to the agent that came in during the period.' })
  leadsReceived: number;

  @Field(() => Int, { description: 'Of the leads received in the period, those converted to an opportunity by now (whenever that happened).' })
  leadsConverted: number;

  @Field(() => Int, { nullable: true, description: "leadsConverted / leadsReceived in basis points (2500 = 25%), half-even: the share of the period's leads converted so far, so never above 10000. Null with no leads received." })
  conversionRateBps: number | null;

  @Field(() => Int)
  opportunitiesWon: number;

  @Field(() => Int)
  opportunitiesLost: number;

  @Field(() => Money, { description: 'Commission accrued on sales starting in the period.' })
  commissionAccrued: Money;

  @Field(() => Money, { description: 'Commission clawed back for cancellations in the period (a positive amount).' })
  commissionClawedBack: Money;

  @Field(() => Money, { description: 'Accrued less clawed back.' })
  commissionNet: Money;

  @Field(() => Money, { description: 'Commission finance paid the agent in the period.' })
  commissionPaid: Money;
}
