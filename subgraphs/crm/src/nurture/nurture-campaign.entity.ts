import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LeadSource, ProductInterest } from '../lead/lead.entity';

export enum NurtureCampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(NurtureCampaignStatus, {
  name: 'NurtureCampaignStatus',
  description: 'DRAFT (steps editable) → ACTIVE ⇄ PAUSED; any → ARCHIVED (final). Only ACTIVE campaigns send.',
});

/** Which leads a campaign is for; an empty list means any. */
@ObjectType({ description: 'Which leads a campaign is for; an empty list means any value.' })
export class NurtureAudience {
  @Field(() => [ProductInterest])
  productInterests: ProductInterest[];

  @Field(() => [LeadSource])
  sources: LeadSource[];

  @Field(() => [String], { description: 'Kenyan counties.' })
  regions: string[];

  @Field(() => Int, { nullable: true, description: 'The lowest lead score (0-100) the campaign takes; null for any.' })
  minScore: number | null;
}

/** An automated sequence of e-mails and SMS that keeps leads warm until an agent converts them. */
@ObjectType({ description: 'An automated sequence of e-mails and SMS sent to the leads enrolled in it.' })
@Entity('nurture_campaigns')
export class NurtureCampaign {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  name: string;

  @Field(() => NurtureCampaignStatus)
  @Column({ type: 'text' })
  status: NurtureCampaignStatus;

  @Column({ type: 'text', array: true })
  productInterests: ProductInterest[];

  @Column({ type: 'text', array: true })
  sources: LeadSource[];

  @Column({ type: 'text', array: true })
  regions: string[];

  @Column({ type: 'int', nullable: true })
  minScore: number | null;

  @Field({ description: 'Enrols matching leads by itself while ACTIVE: new leads as they come in, open leads when it is activated.' })
  @Column()
  autoEnrol: boolean;

  @Field()
  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @Field(() => NurtureAudience)
  get audience(): NurtureAudience {
    return { productInterests: this.productInterests, sources: this.sources, regions: this.regions, minScore: this.minScore };
  }
}
