import { Field, ID, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { PolicyStatus } from './policy.entity';

@ObjectType({ description: 'A span of days, both ends included.' })
export class CoverPeriod {
  @Field(() => LocalDateResolver)
  start: string;

  @Field(() => LocalDateResolver)
  end: string;
}

/** What covers one member on one day. */
@ObjectType({ description: 'What covers a member on one day: the policy, its scheme and version, the cover window and the benefits.' })
export class Coverage {
  @Field(() => ID)
  memberId: string;

  @Field(() => LocalDateResolver, { description: 'The day asked about.' })
  on: string;

  @Field(() => PolicyStatus, { description: "The policy's status; only ACTIVE cover pays claims." })
  status: PolicyStatus;

  @Field(() => CoverPeriod, { description: "The member's cover window on this policy (waiting periods count from its start)." })
  period: CoverPeriod;

  policyId: string;
  schemeId: string;
  schemeVersionId: string;
}
