import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A sales territory: the Kenyan counties whose leads its agents work. */
@ObjectType({ description: 'A sales territory: the Kenyan counties whose leads its agents work.' })
@Entity('territories')
export class Territory {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => [String], { description: 'Kenyan counties covered, e.g. ["Nairobi", "Kiambu"].' })
  @Column({ type: 'text', array: true })
  regions: string[];

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
