import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

export enum MemberStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
  DECEASED = 'DECEASED',
}
registerEnumType(MemberStatus, { name: 'MemberStatus', description: 'Where a member is in the lifecycle.' });

export enum MemberType {
  PRINCIPAL = 'PRINCIPAL',
  DEPENDANT = 'DEPENDANT',
}
registerEnumType(MemberType, { name: 'MemberType' });

export enum Relationship {
  SELF = 'SELF',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  PARENT = 'PARENT',
}
registerEnumType(Relationship, { name: 'Relationship', description: 'How a member relates to the principal.' });

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}
registerEnumType(Gender, { name: 'Gender' });

/** A covered person: a principal (the employee) or one of the principal's dependants. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A covered person: a principal (the employee) or one of the principal\'s dependants.' })
@Entity('members')
export class Member {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, never reused. Dependants share the principal\'s number with their own suffix.' })
  @Column()
  memberNumber: string;

  @Field(() => MemberType)
  @Column({ type: 'text' })
  type: MemberType;

  @Field(() => Relationship)
  @Column({ type: 'text' })
  relationship: Relationship;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  principalId: string | null;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  companyId: string;

  @Field()
  @Column()
  firstName: string;

  @Field()
  @Column()
  lastName: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  dateOfBirth: string;

  @Field(() => Gender)
  @Column({ type: 'text' })
  gender: Gender;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  nationalId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +254712345678.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => MemberStatus)
  @Column({ type: 'text' })
  status: MemberStatus;

  @Field(() => LocalDateResolver, { description: 'The day cover under this membership starts.' })
  @Column({ type: 'date' })
  enrolmentDate: string;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  terminationDate: string | null;

  /** Next suffix for this principal's dependants; never decremented, so numbers are never reused. */
  @Column({ type: 'int', default: 1 })
  nextDependantSuffix: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
