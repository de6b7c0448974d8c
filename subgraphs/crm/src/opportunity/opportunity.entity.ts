import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum OpportunityStage {
  PROSPECTING = 'PROSPECTING',
  QUALIFICATION = 'QUALIFICATION',
  PROPOSAL = 'PROPOSAL',
  NEGOTIATION = 'NEGOTIATION',
  CLOSED_WON = 'CLOSED_WON',
  CLOSED_LOST = 'CLOSED_LOST',
}
registerEnumType(OpportunityStage, {
  name: 'OpportunityStage',
  description: 'PROSPECTING → QUALIFICATION → PROPOSAL → NEGOTIATION → CLOSED_WON, or CLOSED_LOST (with a reason) from any open stage.',
});

/** A sale being worked through the pipeline. */
@ObjectType({ description: 'A sale being worked through the pipeline.' })
@Entity('opportunities')
export class Opportunity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { nullable: true, description: 'The lead it was converted from.' })
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  agentId: string | null;

  @Field()
  @Column()
  name: string;

  @Field(() => OpportunityStage)
  @Column({ type: 'text' })
  stage: OpportunityStage;

  @Field(() => ID, { nullable: true, description: 'The scheme (product) offered, from the schemes subgraph.' })
  @Column({ type: 'uuid', nullable: true })
  schemeId: string | null;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  expectedPremiumMinor: number;

  @Column()
  currency: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  lostReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The policy issued for a won opportunity (schemes subgraph).' })
  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => Money, { description: 'The annual premium the sale is expected to bring.' })
  get expectedAnnualPremium(): Money {
    return Money.of(this.expectedPremiumMinor, this.currency);
  }
}
