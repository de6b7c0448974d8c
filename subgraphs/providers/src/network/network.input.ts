import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { NetworkTier } from './network.entity';

@InputType()
export class CreateNetworkInput {
  @Field({ description: 'Unique code, e.g. AFYA-PLUS.' })
  @Length(2, 40)
  code: string;

  @Field()
  @Length(2, 120)
  name: string;

  @Field(() => NetworkTier)
  tier: NetworkTier;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;
}

@InputType()
export class AddProviderToNetworkInput {
  @Field(() => ID)
  providerId: string;

  @Field()
  networkCode: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First day in the network; today when omitted.' })
  joinedOn?: string | null;
}

@InputType()
export class RemoveProviderFromNetworkInput {
  @Field(() => ID)
  providerId: string;

  @Field()
  networkCode: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day in the network; today when omitted.' })
  leftOn?: string | null;

  @Field({ description: 'Why the provider leaves.' })
  @Length(3, 500)
  reason: string;
}
