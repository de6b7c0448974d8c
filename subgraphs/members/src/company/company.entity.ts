import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum CompanyStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(CompanyStatus, { name: 'CompanyStatus' });

/** An employer group whose staff and their families are members. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An employer group whose staff and their families are members.' })
@Entity('companies')
export class Company {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field({ description: 'Registration number with the Registrar of Companies (unique).' })
  @Column()
  registrationNumber: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Field()
  @Column()
  email: string;

  @Field()
  @Column()
  phone: string;

  @Field({ description: 'County of the head office; a rating factor for premiums.' })
  @Column()
  county: string;

  @Field(() => CompanyStatus)
  @Column({ type: 'text' })
  status: CompanyStatus;

  @Field(() => Int, { description: 'Oldest age at which a child can be enrolled or stay a dependant.' })
  @Column({ type: 'int' })
  childMaxAge: number;

  @Field(() => Int, { description: 'Oldest age at which a parent can be enrolled as a dependant.' })
  @Column({ type: 'int' })
  parentMaxAge: number;

  @Field(() => Int, { description: 'How many spouses one principal may cover.' })
  @Column({ type: 'int' })
  maxSpouses: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
