import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { Grant, Role } from '../../../../kit/auth/identity';
import { GrantEnum, RoleEnum } from './user.entity';

@InputType()
export class CreateStaffUserInput {
  @Field()
  @MaxLength(254)
  email: string;

  @Field()
  @Length(2, 200)
  displayName: string;

  @Field(() => [RoleEnum], { description: 'Staff roles only (not MEMBER).' })
  @ArrayMaxSize(9)
  roles: Role[];

  @Field(() => [GrantEnum], { nullable: true, description: 'For ANALYST only.' })
  @IsOptional()
  grants?: Grant[] | null;

  @Field({ description: 'The first password: at least 12 characters, three kinds of character. Two-factor set-up follows at the first sign-in.' })
  @MaxLength(1024)
  password: string;
}

@InputType()
export class CreateMemberUserInput {
  @Field()
  @MaxLength(254)
  email: string;

  @Field()
  @Length(2, 200)
  displayName: string;

  @Field(() => ID, { description: 'The member record this user is.' })
  memberId: string;

  @Field()
  @MaxLength(1024)
  password: string;
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID)
  userId: string;

  @Field(() => [RoleEnum])
  @ArrayMaxSize(9)
  roles: Role[];

  @Field(() => [GrantEnum], { nullable: true, description: 'For ANALYST only; replaces the current grants.' })
  @IsOptional()
  grants?: Grant[] | null;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(1024)
  currentPassword: string;

  @Field()
  @MaxLength(1024)
  newPassword: string;
}
