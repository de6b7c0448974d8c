import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ReportSchedule } from './schedule.rules';

export enum ReportKind {
  METRIC_SERIES = 'METRIC_SERIES',
  UTILISATION = 'UTILISATION',
}
registerEnumType(ReportKind, {
  name: 'ReportKind',
  description: "METRIC_SERIES: one metric's daily points over the report's span; UTILISATION: every subject's use of every benefit limit.",
});

@ObjectType({ description: 'A report: what it lists, over how many days, and when it runs by itself.' })
@Entity('report_definitions')
export class ReportDefinition {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => ReportKind)
  @Column({ type: 'text' })
  kind: ReportKind;

  @Field(() => String, { nullable: true, description: 'The metric a METRIC_SERIES report lists.' })
  @Column({ type: 'text', nullable: true })
  metric: string | null;

  @Field(() => String, { nullable: true, description: 'Only points of this dimension value.' })
  @Column({ type: 'text', nullable: true })
  dimension: string | null;

  @Field(() => String, { nullable: true, description: 'Only points in this currency.' })
  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Field(() => Int, { description: 'How many days, ending yesterday, a scheduled run covers (and an on-demand run by default).' })
  @Column({ type: 'int' })
  rangeDays: number;

  @Field(() => ReportSchedule)
  @Column({ type: 'text' })
  schedule: ReportSchedule;

  @Field(() => Date, { nullable: true, description: 'When the schedule next runs it.' })
  @Column({ type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

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
