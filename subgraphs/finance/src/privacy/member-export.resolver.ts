import { JSONObjectResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../kit/context';
import { MemberReference } from '../member.reference';
import type { FinancePrivacyService } from './member-export.service';

@Resolver(() => MemberReference)
export class MemberFinanceExportResolver {
  @FieldResolver(() => JSONObjectResolver, {
    description: 'Everything the finance service holds about the member (invoices, payments, settlements, ledger lines), for their data export.',
  })
  financeDataExport(@Root() member: MemberReference, @Ctx() ctx: SubgraphContext<{ privacy: FinancePrivacyService }>): Promise<Record<string, unknown>> {
    return ctx.services.privacy.exportOf(member.id);
  }
}
