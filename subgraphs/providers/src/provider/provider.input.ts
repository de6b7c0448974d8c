import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { ProviderStatus, ProviderType } from './provider.entity';

@InputType()
export class RegisterProviderInput {
  @Field()
  @Length(2, 200)
  name: string;

  @Field({ description: 'Facility registration number (KMHFL code); unique.' })
  @Length(3, 40)
  registrationNumber: string;

  @Field(() => ProviderType)
  type: ProviderType;

  @Field({ description: 'One of the 47 counties of Kenya.' })
  county: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  physicalAddress?: string | null;

  @Field()
  @MaxLength(254)
  email: string;

  @Field({ description: 'Kenyan number: 0202000000 or +254712345678.' })
  @MaxLength(20)
  phone: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 200)
  contactPerson?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the provider was taken on; today when omitted.' })
  registeredOn?: string | null;
}

@InputType()
export class UpdateProviderStatusInput {
  @Field(() => ID)
  providerId: string;

  @Field(() => ProviderStatus)
  status: ProviderStatus;

  @Field({ description: 'Why; kept in the provider\'s history.' })
  @Length(3, 500)
  reason: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day it takes effect (today or earlier); today when omitted.' })
  effectiveDate?: string | null;
}

@InputType({ description: 'Blacklisting a provider, or lifting its blacklisting.' })
export class BlacklistChangeInput {
  @Field(() => ID)
  providerId: string;

  @Field({ description: 'Why; kept in the provider\'s history.' })
  @Length(3, 500)
  reason: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day it takes effect (today or earlier); today when omitted.' })
  effectiveDate?: string | null;
}

@InputType()
export class ProviderFilter {
  @Field(() => String, { nullable: true, description: 'Matches the name or the registration number.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => ProviderType, { nullable: true })
  type?: ProviderType | null;

  @Field(() => String, { nullable: true })
  county?: string | null;

  @Field(() => ProviderStatus, { nullable: true })
  status?: ProviderStatus | null;

  @Field(() => String, { nullable: true, description: 'Providers in this network today.' })
  networkCode?: string | null;

  @Field(() => Boolean, { nullable: true })
  blacklisted?: boolean | null;
}
