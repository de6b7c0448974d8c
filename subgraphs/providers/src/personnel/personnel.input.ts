import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { HealthRegulator } from '../regulator';
import { PersonnelCadre } from './personnel.entity';

@InputType()
export class RegisterPersonnelInput {
  @Field(() => ID, { description: 'The provider the worker practises at.' })
  providerId: string;

  @Field()
  @Length(1, 100)
  firstName: string;

  @Field()
  @Length(1, 100)
  lastName: string;

  @Field(() => PersonnelCadre)
  cadre: PersonnelCadre;

  @Field(() => HealthRegulator)
  registrationBody: HealthRegulator;

  @Field()
  @Length(2, 40)
  registrationNumber: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 100)
  specialty?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;
}

@InputType()
export class PersonnelFilter {
  @Field(() => String, { nullable: true, description: 'Matches the name or the registration number.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  providerId?: string | null;

  @Field(() => PersonnelCadre, { nullable: true })
  cadre?: PersonnelCadre | null;

  @Field(() => HealthRegulator, { nullable: true })
  registrationBody?: HealthRegulator | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  specialty?: string | null;
}
