import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { JournalSourceType } from './journal-entry.entity';

@InputType()
export class JournalEntryFilter {
  @Field(() => JournalSourceType, { nullable: true })
  sourceType?: JournalSourceType | null;

  @Field(() => ID, { nullable: true, description: 'The invoice, payment, ... the entries record.' })
  @IsOptional()
  @IsUUID()
  sourceId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only entries with a line on this account.' })
  @IsOptional()
  @Matches(/^[0-9]{4}$/, { message: 'accountCode must be a four-digit account code' })
  accountCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries with a line for this member.' })
  @IsOptional()
  @IsUUID()
  memberId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Accounting date from (inclusive).' })
  fromDate?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Accounting date to (inclusive).' })
  toDate?: string | null;
}
