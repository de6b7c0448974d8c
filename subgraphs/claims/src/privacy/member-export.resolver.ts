import { JSONObjectResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { MemberReference } from '../member.reference';
import type { ClaimsPrivacyService } from './member-export.service';

@Resolver(() => MemberReference)
export class MemberClaimsExportResolver {
  @FieldResolver(() => JSONObjectResolver, {
    description: "Everything the claims service holds about the member (claims with lines, diagnoses and decisions, pre-authorisations, utilisation), for their data export.",
  })
  claimsDataExport(@Root() member: MemberReference, @Ctx() ctx: SubgraphContext<{ privacy: ClaimsPrivacyService }>): Promise<Record<string, unknown>> {
    return ctx.services.privacy.exportOf(member.id);
  }
}
