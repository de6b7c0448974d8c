import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { GRANTS, ROLES, type Grant, type Role } from '../../../../kit/auth/identity';

/** The platform's roles and grants as GraphQL enums (kit/auth/identity.ts is the one list). */
export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as { [R in Role]: R };
registerEnumType(RoleEnum, { name: 'Role', description: 'What a user may do. Every role but MEMBER is staff.' });

export const GrantEnum = Object.fromEntries(GRANTS.map((g) => [g, g])) as { [G in Grant]: G };
registerEnumType(GrantEnum, { name: 'Grant', description: "What an analyst may see beyond aggregates: personal data (PII) or diagnoses." });

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
registerEnumType(UserStatus, { name: 'UserStatus', description: 'A DISABLED user cannot sign in and has no sessions.' });

/**
 * Someone who signs in: a staff user (staff roles, no member) or a member user (exactly MEMBER,
 * linked to their member record). The password hash and the two-factor secret never leave here.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'Someone who signs in: staff, or a member of a scheme.' })
@Entity('users')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Lower-cased; unique.' })
  @Column()
  email: string;

  @Field()
  @Column()
  displayName: string;

  @Field(() => [RoleEnum])
  @Column('text', { array: true })
  roles: Role[];

  @Field(() => [GrantEnum], { description: 'Only meaningful for ANALYST.' })
  @Column('text', { array: true })
  grants: Grant[];

  @Field(() => ID, { nullable: true, description: 'The member record a member user is; null for staff.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field(() => UserStatus)
  @Column({ type: 'text' })
  status: UserStatus;

  @Column()
  passwordHash: string;

  @Field()
  @Column({ type: 'timestamptz' })
  passwordChangedAt: Date;

  @Field(() => Int, { description: 'Consecutive failed sign-ins since the last success.' })
  @Column({ type: 'int' })
  failedSignIns: number;

  @Field(() => Date, { nullable: true, description: 'Sign-in is refused until then (too many failures).' })
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  totpSecret: string | null;

  @Field({ description: 'Whether sign-in needs a code from an authenticator app.' })
  @Column({ type: 'boolean' })
  totpEnabled: boolean;

  /** The last time step whose code was accepted: a code works once. */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
