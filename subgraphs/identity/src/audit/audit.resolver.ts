import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { AuditRecord } from './audit-record.entity';
import type { AuditServices } from './audit.service';

export const AuditRecordConnection = Connection(AuditRecord);

@ArgsType()
export class AuditRecordArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only records about this member's data." })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only records of this user acting.' })
  actorId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only allowed (true) or only refused (false) requests.' })
  allowed?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'Served at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Served before this instant.' })
  to?: Date | null;
}

@Resolver(() => AuditRecord)
export class AuditRecordResolver {
  @Query(() => AuditRecordConnection, { description: 'The audit log, newest first: who reached or changed which member data. Administrators only.' })
  auditRecords(@Args() args: AuditRecordArgs, @Ctx() ctx: SubgraphContext<AuditServices>) {
    const { first, after, ...filter } = args;
    return ctx.services.audit.search(filter, { first, after });
  }
}
