import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Gender, MemberStatus, MemberType, Relationship } from './member.entity';

@InputType({ description: 'Fields every enrolment asks for.' })
class PersonInput {
  @Field()
  @Length(1, 100)
  firstName: string;

  @Field()
  @Length(1, 100)
  lastName: string;

  @Field(() => LocalDateResolver)
  dateOfBirth: string;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Kenyan number: 0712345678 or +254712345678.' })
  @IsOptional()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'National ID or birth certificate number.' })
  @IsOptional()
  @Length(4, 20)
  nationalId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day cover starts; today when omitted.' })
  enrolmentDate?: string | null;
}

@InputType()
export class EnrolPrincipalInput extends PersonInput {
  @Field(() => ID)
  companyId: string;
}

@InputType()
export class EnrolDependantInput extends PersonInput {
  @Field(() => ID)
  principalId: string;

  @Field(() => Relationship, { description: 'SPOUSE, CHILD or PARENT.' })
  relationship: Relationship;

  @Field(() => ID, { nullable: true, description: 'Optional; must be the principal\'s company when given.' })
  companyId?: string | null;
}

@InputType()
export class LifecycleChangeInput {
  @Field(() => ID)
  memberId: string;

  @Field({ description: 'Why the change is made; kept on the life event.' })
  @Length(3, 500)
  reason: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the change takes effect; today when omitted.' })
  effectiveDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Reference of a special approval (late reinstatement).' })
  @IsOptional()
  @Length(3, 100)
  approvalReference?: string | null;
}

@InputType()
export class MemberFilter {
  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  principalId?: string | null;

  @Field(() => MemberStatus, { nullable: true })
  status?: MemberStatus | null;

  @Field(() => MemberType, { nullable: true })
  type?: MemberType | null;

  @Field(() => String, { nullable: true, description: 'Matches member number, name, e-mail, phone or national ID.' })
  @IsOptional()
  @Length(2, 100)
  search?: string | null;
}
