import { Field, InputType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { DecimalScalar } from '../../../../kit/money';

@InputType()
export class RecordExchangeRateInput {
  @Field({ description: 'ISO 4217 code of the currency priced.' })
  fromCurrency: string;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code it is priced in; defaults to the functional currency.' })
  toCurrency?: string | null;

  @Field(() => DecimalScalar, { description: 'Units of toCurrency per unit of fromCurrency, e.g. "129.5"; at most 10 decimals.' })
  rate: string;

  @Field(() => LocalDateResolver, { description: 'First day the rate applies to postings.' })
  effectiveFrom: string;
}
