import { Field, InputType, Int } from 'type-graphql';
import { Length } from 'class-validator';
import { LeadSource, ProductInterest } from '../lead/lead.entity';
import { NurtureChannel } from './nurture-step.entity';

@InputType()
export class NurtureAudienceInput {
  @Field(() => [ProductInterest], { defaultValue: [], description: 'Empty for any product.' })
  productInterests: ProductInterest[];

  @Field(() => [LeadSource], { defaultValue: [], description: 'Empty for any source.' })
  sources: LeadSource[];

  @Field(() => [String], { defaultValue: [], description: 'Kenyan counties; empty for anywhere.' })
  regions: string[];

  @Field(() => Int, { nullable: true, description: 'The lowest lead score (0-100) taken; omit for any.' })
  minScore?: number | null;
}

@InputType()
export class NurtureStepInput {
  @Field(() => Int, { description: 'Days from enrolment; never fewer than the step before.' })
  delayDays: number;

  @Field(() => NurtureChannel)
  channel: NurtureChannel;

  @Field(() => String, { nullable: true, description: 'Required for EMAIL; absent for SMS.' })
  subject?: string | null;

  @Field({ description: 'Plain text; may use {{contactName}}, {{companyName}} and {{agentName}}. An SMS is at most 480 characters.' })
  body: string;
}

@InputType()
export class CreateNurtureCampaignInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => NurtureAudienceInput, { nullable: true, description: 'Omit for every lead.' })
  audience?: NurtureAudienceInput | null;

  @Field({ defaultValue: false })
  autoEnrol: boolean;

  @Field(() => [NurtureStepInput], { defaultValue: [], description: 'The sequence, first message first (editable while DRAFT).' })
  steps: NurtureStepInput[];
}
