import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NurtureEnrolment } from './nurture-enrolment.entity';

export enum NurtureRefusalReason {
  NO_CONSENT = 'NO_CONSENT',
  LEAD_CONVERTED = 'LEAD_CONVERTED',
  LEAD_DISQUALIFIED = 'LEAD_DISQUALIFIED',
  NOT_FOUND = 'NOT_FOUND',
}
registerEnumType(NurtureRefusalReason, {
  name: 'NurtureRefusalReason',
  description: "NO_CONSENT: the lead has not agreed to marketing; LEAD_CONVERTED / LEAD_DISQUALIFIED: the lead is closed; NOT_FOUND: no such lead, or (to a sales agent) another agent's.",
});

@ObjectType({ description: 'A lead that was not enrolled, and why.' })
export class NurtureEnrolmentRefusal {
  @Field(() => ID)
  leadId: string;

  @Field(() => NurtureRefusalReason)
  reason: NurtureRefusalReason;
}

@ObjectType({ description: 'What enrolling leads did, lead by lead.' })
export class EnrolLeadsResult {
  @Field(() => [NurtureEnrolment], { description: 'Enrolments made now.' })
  enrolled: NurtureEnrolment[];

  @Field(() => [ID], { description: 'Leads already enrolled in the campaign (left as they were).' })
  alreadyEnrolled: string[];

  @Field(() => [NurtureEnrolmentRefusal])
  refused: NurtureEnrolmentRefusal[];
}

/** A campaign's counts, exact. */
@ObjectType({ description: "A campaign's counts. Enrolments by status; converted counts enrolled leads that converted, during the sequence or after it." })
export class NurtureCampaignStats {
  @Field(() => Int)
  enrolled: number;

  @Field(() => Int)
  active: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Int, { description: 'Enrolled leads that have converted (an enrolment that completed first counts too).' })
  converted: number;

  @Field(() => Int)
  optedOut: number;

  @Field(() => Int)
  exited: number;

  @Field(() => Int, { description: 'Messages handed to engagement whose outcome is not known yet.' })
  messagesRequested: number;

  @Field(() => Int)
  messagesSent: number;

  @Field(() => Int)
  messagesFailed: number;

  @Field(() => Int, { description: 'Suppressed by crm (no contact for the channel) or by engagement.' })
  messagesSuppressed: number;

  @Field(() => Int, { nullable: true, description: 'converted / enrolled in basis points (half-even); null with nobody enrolled.' })
  conversionRateBps: number | null;
}

/** The counts of a campaign nobody has been enrolled in. */
export function emptyStats(): NurtureCampaignStats {
  return Object.assign(new NurtureCampaignStats(), {
    enrolled: 0,
    active: 0,
    completed: 0,
    converted: 0,
    optedOut: 0,
    exited: 0,
    messagesRequested: 0,
    messagesSent: 0,
    messagesFailed: 0,
    messagesSuppressed: 0,
    conversionRateBps: null,
  });
}
