import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, Length } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { DEFAULT_CURRENCY, MoneyInput } from '../../../../kit/money';

@InputType({ description: 'The agreed price of one service.' })
export class TariffInput {
  @Field({ description: 'A service code of the claims catalogue, e.g. CON-GP.' })
  @Length(2, 40)
  serviceCode: string;

  @Field(() => MoneyInput, { description: 'Price per unit, in the contract\'s currency.' })
  price: MoneyInput;
}

@InputType()
export class CreateContractInput {
  @Field(() => ID)
  providerId: string;

  @Field(() => LocalDateResolver)
  validFrom: string;

  @Field(() => LocalDateResolver)
  validTo: string;

  @Field({ defaultValue: DEFAULT_CURRENCY })
  currency: string;

  @Field(() => [TariffInput])
  @ArrayMaxSize(1000)
  tariffs: TariffInput[];
}

@InputType()
export class TerminateContractInput {
  @Field(() => ID)
  contractId: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day the prices apply; today when omitted.' })
  terminationDate?: string | null;

  @Field()
  @Length(3, 500)
  reason: string;
}

@InputType({ description: 'New prices from a day: a new revision of the contract; the current one ends the day before.' })
export class ReviseContractTariffsInput {
  @Field(() => ID)
  contractId: string;

  @Field(() => LocalDateResolver, { description: 'First day of the new prices.' })
  effectiveFrom: string;

  @Field(() => [TariffInput], { description: 'Changed or added prices; services not listed keep their price.' })
  @ArrayMaxSize(1000)
  tariffs: TariffInput[];
}

@ArgsType()
export class ProviderTariffArgs {
  @Field(() => ID)
  providerId: string;

  @Field({ description: 'A service code of the claims catalogue, e.g. CON-GP.' })
  serviceCode: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The service date; today when omitted.' })
  on?: string | null;
}
