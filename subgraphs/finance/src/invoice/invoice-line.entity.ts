import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';
import { InvoiceKind } from './invoice.entity';

/** One policy's period on an invoice (an employer's invoice has one per policy), or the token purchase billed. */
@ObjectType({ description: 'One policy\'s billing period on an invoice, or the token purchase it bills.' })
@Entity('invoice_lines')
export class InvoiceLine {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  lineNumber: number;

  @Field(() => InvoiceKind)
  @Column({ type: 'text' })
  kind: InvoiceKind;

  @Field(() => ID, { nullable: true, description: 'The policy billed.' })
  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Field(() => ID, { nullable: true, description: 'The policy holder.' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodEnd: string;

  @Field()
  @Column()
  description: string;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  netMinor: number;

  /** The policy's premium for a whole period when the line was billed (what a later change is prorated against). */
  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  periodPremiumMinor: number | null;

  /** Days in the whole schedule period the line belongs to. */
  @Column({ type: 'int', nullable: true })
  periodDays: number | null;

  /** The policy version a supplementary line charges for. */
  @Column({ type: 'int', nullable: true })
  policyVersion: number | null;

  @Column({ default: false })
  voided: boolean;

  @Field(() => Money, { description: 'The line\'s amount before VAT.' })
  get net(): Money {
    return Money.of(this.netMinor, this.currency);
  }
}
