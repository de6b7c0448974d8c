import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { HealthRegulator } from '../regulator';

@InputType()
export class AddLicenceInput {
  @Field(() => ID)
  providerId: string;

  @Field(() => HealthRegulator)
  issuingBody: HealthRegulator;

  @Field({ description: 'The licence number; unique per issuing body.' })
  @Length(3, 40)
  number: string;

  @Field(() => LocalDateResolver, { description: 'First day covered.' })
  validFrom: string;

  @Field(() => LocalDateResolver, { description: 'Last day covered.' })
  validTo: string;
}

@InputType()
export class AddAccreditationInput {
  @Field(() => ID)
  providerId: string;

  @Field({ description: 'The accrediting scheme or body, e.g. SafeCare, KENAS.' })
  @Length(2, 100)
  body: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  level?: string | null;

  @Field(() => LocalDateResolver)
  awardedOn: string;

  @Field(() => LocalDateResolver, { nullable: true })
  expiresOn?: string | null;
}
