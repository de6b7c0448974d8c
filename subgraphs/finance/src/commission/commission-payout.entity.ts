import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';

export enum CommissionPayoutStatus {
  ACCRUED = 'ACCRUED',
  PAID = 'PAID',
}
registerEnumType(CommissionPayoutStatus, {
  name: 'CommissionDisbursementStatus',
  description: 'ACCRUED: approved by crm and owed to the agent (commissions payable); PAID: paid out to the agent\'s bank.',
});

/** An agent's commission for a period, approved in crm and paid by finance. */
@ObjectType('CommissionDisbursement', { description: 'An agent\'s commission for a period, approved in crm, owed as commissions payable until finance pays it.' })
@Entity('commission_payouts')
export class CommissionPayout {
  @Field(() => ID, { description: 'The payout id crm gave it.' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The agent (owned by the crm subgraph).' })
  @Column({ type: 'uuid' })
  agentId: string;

  @Field()
  @Column()
  agentCode: string;

  @Field()
  @Column()
  agentName: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodEnd: string;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountMinor: number;

  @Field()
  @Column({ type: 'timestamptz' })
  approvedAt: Date;

  @Field(() => CommissionPayoutStatus)
  @Column({ type: 'text' })
  status: CommissionPayoutStatus;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  accrualEntryId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  paymentEntryId: string | null;

  @Field(() => String, { nullable: true, description: 'The bank\'s reference of the transfer to the agent.' })
  @Column({ type: 'text', nullable: true })
  bankReference: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  paidBy: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get amount(): Money {
    return Money.of(this.amountMinor, this.currency);
  }
}
