import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@ObjectType({ description: "A dashboard of the admin app: its owner's, or shared with every analytics reader." })
@Entity('dashboards')
export class Dashboard {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => ID, { description: 'The user who owns it.' })
  @Column()
  ownerId: string;

  @Field({ description: 'Shared dashboards are seen by every analytics reader; only an administrator shares one.' })
  @Column({ default: false })
  shared: boolean;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
