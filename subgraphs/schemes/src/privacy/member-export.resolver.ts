import { JSONObjectResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { MemberReference } from '../member.reference';
import type { SchemesPrivacyService } from './member-export.service';

@Resolver(() => MemberReference)
export class MemberCoverExportResolver {
  @FieldResolver(() => JSONObjectResolver, {
    description: 'Everything the schemes service holds about the member (policies held or covered by, cover periods, policy events), for their data export.',
  })
  coverDataExport(@Root() member: MemberReference, @Ctx() ctx: SubgraphContext<{ privacy: SchemesPrivacyService }>): Promise<Record<string, unknown>> {
    return ctx.services.privacy.exportOf(member.id);
  }
}
