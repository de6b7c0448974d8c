import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { CompanyStatus } from './company.entity';

@InputType()
export class CreateCompanyInput {
  @Field()
  @Length(2, 200)
  name: string;

  @Field()
  @Length(3, 40)
  registrationNumber: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 100)
  industry?: string | null;

  @Field()
  email: string;

  @Field()
  phone: string;

  @Field({ description: 'One of the 47 counties of Kenya.' })
  county: string;

  @Field(() => Int, { defaultValue: 24 })
  @Min(0)
  @Max(30)
  childMaxAge: number;

  @Field(() => Int, { defaultValue: 85 })
  @Min(30)
  @Max(120)
  parentMaxAge: number;

  @Field(() => Int, { defaultValue: 1 })
  @Min(0)
  @Max(4)
  maxSpouses: number;
}

@InputType()
export class CompanyFilter {
  @Field(() => String, { nullable: true, description: 'Matches the name or registration number.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => CompanyStatus, { nullable: true })
  status?: CompanyStatus | null;
}

@InputType()
export class CompanyRef {
  @Field(() => ID)
  id: string;
}
