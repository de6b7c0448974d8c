import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

/** A member covered by a policy for a window of days. A member removed and added again has two rows. */
@ObjectType({ description: 'A member covered by a policy for a window of days.' })
@Entity('policy_members')
export class PolicyMember {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  policyId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  memberId: string;

  @Field(() => LocalDateResolver, { description: 'First covered day.' })
  @Column({ type: 'date' })
  coveredFrom: string;

  @Field(() => LocalDateResolver, { description: 'Last covered day; the day before coveredFrom when the cover never began.' })
  @Column({ type: 'date' })
  coveredTo: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
