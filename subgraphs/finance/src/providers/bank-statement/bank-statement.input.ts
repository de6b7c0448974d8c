import { Field, InputType } from 'type-graphql';
import { Length } from 'class-validator';

@InputType()
export class ImportBankStatementInput {
  @Field({ description: 'The file\'s name, for the clerk\'s reference.' })
  @Length(1, 200)
  fileName: string;

  @Field({
    description:
      'The statement as CSV text with the header date,reference,amount,currency,bank_transaction_id ' +
      '(date YYYY-MM-DD; amount a decimal, credits positive; reference holding the invoice number, e.g. INV-2026-000123).',
  })
  @Length(1, 2_000_000)
  csv: string;
}
