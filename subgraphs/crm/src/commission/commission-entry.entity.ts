import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Money, minorUnitsColumn } from '../../../../kit/money';

export enum CommissionEntryKind {
  ACCRUAL = 'ACCRUAL',
  CLAWBACK = 'CLAWBACK',
}
registerEnumType(CommissionEntryKind, { name: 'CommissionEntryKind', description: 'ACCRUAL: earned on a sale; CLAWBACK: taken back (negative) for an early cancellation.' });

/** Commission earned on one policy, or taken back when it was cancelled early. */
@ObjectType({ description: 'Commission earned on one policy, or taken back (negative) when it was cancelled early.' })
@Entity('commission_entries')
export class CommissionEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  agentId: string;

  @Field(() => ID, { description: 'The policy sold (schemes subgraph).' })
  @Column({ type: 'uuid' })
  policyId: string;

  @Field(() => CommissionEntryKind)
  @Column({ type: 'text' })
  kind: CommissionEntryKind;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Column()
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  annualPremiumMinor: number;

  @Field(() => Int, { description: 'The rate applied, in basis points.' })
  @Column({ type: 'int' })
  rateBps: number;

  @Field(() => ID, { nullable: true, description: 'The tier whose rate was applied.' })
  @Column({ type: 'uuid', nullable: true })
  tierId: string | null;

  @Field(() => LocalDateResolver, { description: "An accrual's policy start date; a clawback's cancellation date." })
  @Column({ type: 'date' })
  earnedOn: string;

  @Field(() => ID, { nullable: true, description: 'The payout that settled it, once one did.' })
  @Column({ type: 'uuid', nullable: true })
  payoutId: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }

  @Field(() => Money, { description: 'The annualised premium the commission was worked out on.' })
  get annualPremium(): Money {
    return Money.of(this.annualPremiumMinor, this.currency);
  }
}
