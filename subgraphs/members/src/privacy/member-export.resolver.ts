import { JSONObjectResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { Member } from '../member/member.entity';
import type { MemberPrivacyService } from './privacy.service';

@Resolver(() => Member)
export class MemberExportResolver {
  @FieldResolver(() => JSONObjectResolver, {
    description: 'Everything the members service holds about the member (record, employer, life events), for their data export.',
  })
  personalDataExport(@Root() member: Member, @Ctx() ctx: SubgraphContext<{ privacy: MemberPrivacyService }>): Promise<Record<string, unknown>> {
    return ctx.services.privacy.exportOf(member.id);
  }
}
