import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { MoneyInput } from '../../../../kit/money';
import { InvoiceStatus } from './invoice.entity';

@InputType()
export class RaisePremiumInvoiceInput {
  @Field(() => ID, { description: 'The policy billed (owned by the schemes subgraph).' })
  @IsUUID()
  policyId: string;

  @Field(() => ID, { description: 'The policy holder.' })
  @IsUUID()
  billedMemberId: string;

  @Field(() => ID, { nullable: true, description: 'The employer group, for group policies.' })
  @IsOptional()
  @IsUUID()
  companyId?: string | null;

  @Field(() => LocalDateResolver)
  periodStart: string;

  @Field(() => LocalDateResolver)
  periodEnd: string;

  @Field(() => MoneyInput, { description: 'The premium for the period, before VAT.' })
  @ValidateNested()
  premium: MoneyInput;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Defaults to today; may be back-dated, never in the future.' })
  issueDate?: string | null;
}

@InputType()
export class VoidInvoiceInput {
  @Field(() => ID)
  @IsUUID()
  invoiceId: string;

  @Field({ description: 'Why the invoice is voided; kept on the invoice.' })
  @Length(3, 500)
  reason: string;
}

@InputType()
export class InvoiceFilter {
  @Field(() => ID, { nullable: true, description: 'The billed member.' })
  @IsOptional()
  @IsUUID()
  memberId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  policyId?: string | null;

  @Field(() => InvoiceStatus, { nullable: true })
  status?: InvoiceStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'true: unpaid and past the due date; false: everything else.' })
  overdue?: boolean | null;
}
