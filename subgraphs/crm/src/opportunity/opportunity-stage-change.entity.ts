import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OpportunityStage } from './opportunity.entity';

/** One move of an opportunity through the pipeline: who, when, from where to where. */
@ObjectType({ description: 'One move of an opportunity through the pipeline.' })
@Entity('opportunity_stage_changes')
export class OpportunityStageChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  opportunityId: string;

  @Field(() => OpportunityStage, { nullable: true, description: 'Null for the opportunity being opened.' })
  @Column({ type: 'text', nullable: true })
  fromStage: OpportunityStage | null;

  @Field(() => OpportunityStage)
  @Column({ type: 'text' })
  toStage: OpportunityStage;

  @Field()
  @Column()
  actorId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
