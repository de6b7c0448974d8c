import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CsvCell } from './csv';

export enum ReportTrigger {
  SCHEDULED = 'SCHEDULED',
  ON_DEMAND = 'ON_DEMAND',
}
registerEnumType(ReportTrigger, { name: 'ReportTrigger', description: 'Whether the schedule or a person started the run.' });

export enum ReportRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(ReportRunStatus, { name: 'ReportRunStatus' });

@ObjectType({ description: 'What a run was asked for.' })
export class ReportParameters {
  @Field(() => LocalDateResolver)
  from: string;

  @Field(() => LocalDateResolver)
  to: string;
}

@ObjectType({ description: 'One run of a report, kept as history with its rows.' })
@Entity('report_runs')
export class ReportRun {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  definitionId: string;

  @Field(() => ReportTrigger)
  @Column({ type: 'text' })
  trigger: ReportTrigger;

  @Field(() => Date, { nullable: true, description: 'The schedule slot a scheduled run is for.' })
  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Field(() => ReportRunStatus)
  @Column({ type: 'text' })
  status: ReportRunStatus;

  @Field(() => ReportParameters)
  @Column({ type: 'jsonb' })
  parameters: ReportParameters;

  @Field()
  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  rowCount: number | null;

  @Field(() => [String])
  @Column({ type: 'text', array: true })
  columns: string[];

  @Column({ type: 'jsonb', nullable: true })
  rows: CsvCell[][] | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field()
  @Column()
  requestedBy: string;
}
