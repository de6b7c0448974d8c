import { Field, ID, InputType, Int } from 'type-graphql';
import { WidgetType } from './widget.entity';

@InputType()
export class CreateDashboardInput {
  @Field()
  name: string;

  @Field({ defaultValue: false, description: 'Only an administrator may share a dashboard.' })
  shared: boolean;
}

@InputType()
export class UpdateDashboardInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  shared?: boolean | null;
}

@InputType()
export class WidgetPositionInput {
  @Field(() => Int)
  x: number;

  @Field(() => Int)
  y: number;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;
}

@InputType()
export class AddWidgetInput {
  @Field(() => ID)
  dashboardId: string;

  @Field()
  title: string;

  @Field(() => WidgetType)
  type: WidgetType;

  @Field()
  metric: string;

  @Field(() => String, { nullable: true })
  dimension?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { defaultValue: 30 })
  lastDays: number;

  @Field(() => WidgetPositionInput)
  position: WidgetPositionInput;
}

@InputType()
export class UpdateWidgetInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => WidgetType, { nullable: true })
  type?: WidgetType | null;

  @Field(() => String, { nullable: true })
  metric?: string | null;

  @Field(() => String, { nullable: true })
  dimension?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { nullable: true })
  lastDays?: number | null;

  @Field(() => WidgetPositionInput, { nullable: true })
  position?: WidgetPositionInput | null;
}
