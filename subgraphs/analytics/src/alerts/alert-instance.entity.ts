import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../../../../kit/money';
import { UtilisationSubject } from './alert-rule.entity';

export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}
registerEnumType(AlertStatus, { name: 'AlertStatus', description: 'OPEN until someone acknowledges it.' });

/** One threshold crossed by one subject on one benefit in one limit period: raised once, ever. */
@ObjectType({ description: 'A subject crossed a threshold of a benefit limit. Raised once per rule, subject, benefit, limit period and threshold.' })
@Entity('alert_instances')
export class AlertInstance {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  ruleId: string;

  @Field(() => UtilisationSubject)
  @Column({ type: 'text' })
  subjectType: UtilisationSubject;

  @Field(() => ID, { description: 'The member, policy or scheme id (a pseudonymous reference; analytics holds no names).' })
  @Column({ type: 'text' })
  subjectId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  benefitId: string;

  @Field()
  @Column({ type: 'text' })
  benefitCategory: string;

  @Field({ description: 'The limit period: its first day for a member or policy, its year for a scheme.' })
  @Column({ type: 'text' })
  limitPeriod: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  thresholdPct: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  consumedMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  limitMinor: number;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Field(() => AlertStatus)
  @Column({ type: 'text' })
  status: AlertStatus;

  @Field()
  @Column({ type: 'timestamptz' })
  raisedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  acknowledgedBy: string | null;
}
