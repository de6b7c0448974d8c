import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum WidgetType {
  LINE_CHART = 'LINE_CHART',
  BAR_CHART = 'BAR_CHART',
  NUMBER = 'NUMBER',
  TABLE = 'TABLE',
}
registerEnumType(WidgetType, { name: 'WidgetType', description: 'How a widget shows its metric.' });

@ObjectType({ description: "A widget's place on the dashboard's 12-column grid." })
export class WidgetPosition {
  @Field(() => Int)
  x: number;

  @Field(() => Int)
  y: number;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;
}

@ObjectType({ description: 'One metric shown on a dashboard, with its filters and place.' })
@Entity('dashboard_widgets')
export class DashboardWidget {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  dashboardId: string;

  @Field()
  @Column()
  title: string;

  @Field(() => WidgetType)
  @Column({ type: 'text' })
  type: WidgetType;

  @Field({ description: 'The metric code it shows (see metricDefinitions).' })
  @Column()
  metric: string;

  @Field(() => String, { nullable: true, description: 'Filter: only this dimension value.' })
  @Column({ type: 'text', nullable: true })
  dimension: string | null;

  @Field(() => String, { nullable: true, description: 'Filter: only this currency.' })
  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Field(() => Int, { description: 'Filter: the last so many days.' })
  @Column({ type: 'int' })
  lastDays: number;

  @Column({ type: 'int' })
  x: number;

  @Column({ type: 'int' })
  y: number;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
