import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NetworkTier {
  BASIC = 'BASIC',
  PLUS = 'PLUS',
  PREMIER = 'PREMIER',
}
registerEnumType(NetworkTier, { name: 'NetworkTier', description: 'How broad a provider network is; schemes allow networks by code.' });

/** A named set of providers a scheme can restrict its members to (AFYA-BASIC, AFYA-PLUS...). */
@ObjectType({ description: 'A named set of providers that schemes can restrict their members to, e.g. AFYA-BASIC.' })
@Entity('provider_networks')
export class ProviderNetwork {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique code schemes refer to, e.g. AFYA-PLUS.' })
  @Column()
  code: string;

  @Field()
  @Column()
  name: string;

  @Field(() => NetworkTier)
  @Column({ type: 'text' })
  tier: NetworkTier;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
