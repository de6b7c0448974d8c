import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';

/**
 * One stay of a provider in a network, from joinedOn to leftOn (both inclusive). Leaving closes
 * the stay; rejoining opens a new one, so what held on any past day stays answerable.
 */
@ObjectType({ description: 'One stay of a provider in a network, joinedOn to leftOn (both days inclusive).' })
@Entity('network_memberships')
export class NetworkMembership {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  networkId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  providerId: string;

  @Field(() => LocalDateResolver, { description: 'First day in the network.' })
  @Column({ type: 'date' })
  joinedOn: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Last day in the network; null while still a member.' })
  @Column({ type: 'date', nullable: true })
  leftOn: string | null;

  @Field({ description: 'Who added the provider.' })
  @Column()
  joinedBy: string;

  @Field(() => String, { nullable: true, description: 'Who removed the provider.' })
  @Column({ type: 'text', nullable: true })
  leftBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why the provider left.' })
  @Column({ type: 'text', nullable: true })
  leftReason: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
