import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';

export interface CoverWindow {
  memberId: string;
  coveredFrom: string;
  coveredTo: string;
}

/** What finance knows of a policy to bill it, copied from `schemes.policy.changed` (the highest version wins). */
@ObjectType({ description: 'What finance knows of a policy to bill it: its schedule, premium and payer, as schemes last reported them.' })
@Entity('billing_policies')
export class BillingPolicy {
  @Field(() => ID)
  @PrimaryColumn('uuid')
  policyId: string;

  @Field()
  @Column()
  policyNumber: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  schemeId: string;

  @Column({ type: 'uuid' })
  schemeVersionId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  holderMemberId: string;

  @Field(() => ID, { nullable: true, description: 'The employer billed for the policy; null for an individual policy.' })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Field(() => LocalDateResolver, { description: 'Billing periods are anchored on this day.' })
  @Column({ type: 'date' })
  startDate: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  endDate: string;

  @Field(() => LocalDateResolver, { description: 'The last day billed for: the end date, or the last day of cover of a cancelled policy.' })
  @Column({ type: 'date' })
  lastCoveredDate: string;

  @Field()
  @Column({ type: 'text' })
  status: string;

  @Field()
  @Column({ type: 'text' })
  billingFrequency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  premiumMinor: number;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'jsonb' })
  coveredMembers: CoverWindow[];

  @Field()
  @Column({ type: 'int' })
  version: number;

  @Field(() => Money, { description: 'Premium per billing period.' })
  get premium(): Money {
    return Money.of(this.premiumMinor, this.currency);
  }
}
