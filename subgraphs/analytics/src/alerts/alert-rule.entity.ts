import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum UtilisationSubject {
  MEMBER = 'MEMBER',
  POLICY = 'POLICY',
  SCHEME = 'SCHEME',
}
registerEnumType(UtilisationSubject, {
  name: 'UtilisationSubject',
  description:
    "Whose use of a limit is measured: MEMBER (a benefit limited per person), POLICY (a benefit the family on a policy shares), SCHEME (every covered life of a scheme version together: the limit times the lives it covers).",
});

@ObjectType({ description: 'When to raise an alert: a subject reaching these percentages of a benefit limit.' })
@Entity('alert_rules')
export class AlertRule {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => UtilisationSubject)
  @Column({ type: 'text' })
  subjectType: UtilisationSubject;

  @Field(() => String, { nullable: true, description: 'The benefit category watched; null for every category.' })
  @Column({ type: 'text', nullable: true })
  benefitCategory: string | null;

  @Field(() => [Int], { description: 'Percentages of the limit that each raise one alert, lowest first.' })
  @Column({ type: 'int', array: true })
  thresholdsPct: number[];

  @Field()
  @Column({ default: true })
  active: boolean;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
