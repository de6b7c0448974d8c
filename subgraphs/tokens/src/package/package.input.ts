import { SafeIntResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { MoneyInput } from '../../../../kit/money';

@InputType()
export class CreateTokenPackageInput {
  @Field({ description: 'Unique, 2-40 upper-case letters, digits, _ or -.' })
  code: string;

  @Field()
  name: string;

  @Field(() => SafeIntResolver)
  tokens: number;

  @Field(() => MoneyInput)
  price: MoneyInput;
}

@InputType({ description: 'Only the fields given change. A package already bought keeps its price on those purchases.' })
export class UpdateTokenPackageInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => SafeIntResolver, { nullable: true })
  tokens?: number | null;

  @Field(() => MoneyInput, { nullable: true })
  price?: MoneyInput | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}
