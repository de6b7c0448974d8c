import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length } from 'class-validator';
import { OpportunityStage } from './opportunity.entity';

@InputType()
export class MoveOpportunityInput {
  @Field(() => ID)
  opportunityId: string;

  @Field(() => OpportunityStage)
  stage: OpportunityStage;

  @Field(() => String, { nullable: true, description: 'Required when the opportunity is lost.' })
  @IsOptional()
  @Length(3, 500)
  reason?: string | null;
}

@InputType()
export class LinkOpportunityPolicyInput {
  @Field(() => ID)
  opportunityId: string;

  @Field(() => ID, { description: 'The policy issued for the sale (schemes subgraph).' })
  @IsUUID()
  policyId: string;
}

@InputType()
export class OpportunityFilter {
  @Field(() => OpportunityStage, { nullable: true })
  stage?: OpportunityStage | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agentId?: string | null;
}
