import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../../kit/pagination';
import type { FinanceContext } from './context';
import { CompanyReference } from './company.reference';
import { InvoiceStatus } from './invoice/invoice.entity';
import { InvoiceConnection } from './invoice/invoice.resolver';

/** `Company.invoices`: what finance adds to the members subgraph's `Company`. */
@Resolver(() => CompanyReference)
export class CompanyBillingResolver {
  @FieldResolver(() => InvoiceConnection, { nullable: true, description: 'Invoices of the group\'s policies, latest period first (null only while this service is unavailable).' })
  invoices(
    @Root() company: CompanyReference,
    @Arg('status', () => InvoiceStatus, { nullable: true }) status: InvoiceStatus | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.loaders.invoicePageByCompany.load({ ownerId: company.id, page, filter: status ?? null });
  }
}
