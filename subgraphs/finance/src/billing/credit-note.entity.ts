import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';

/** Premium given back for the rest of an invoiced period after a change lowered it; the invoice's lines stay, its amount due drops. */
@ObjectType({ description: 'Premium given back for the rest of an invoiced period after a change lowered it: it lowers what the invoice still owes, and what was already paid is held as the payer\'s credit balance.' })
@Entity('credit_notes')
export class CreditNote {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. CN-2026-000001.' })
  @Column()
  creditNoteNumber: string;

  @Field(() => ID, { description: 'The invoice whose period is credited.' })
  @Column({ type: 'uuid' })
  invoiceId: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  policyId: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  billedMemberId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Field(() => LocalDateResolver, { description: 'First day credited.' })
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  periodEnd: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  issueDate: string;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  netMinor: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  vatRateBps: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  vatMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  totalMinor: number;

  /** The part set against what the invoice still owed. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  appliedMinor: number;

  /** The part the payer had already paid: held for them as a credit balance. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  heldMinor: number;

  @Field()
  @Column()
  reason: string;

  @Field(() => Int, { description: 'The policy version whose change the note credits.' })
  @Column({ type: 'int' })
  policyVersion: number;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  journalEntryId: string;

  @Column()
  createdBy: string;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Money)
  get net(): Money {
    return Money.of(this.netMinor, this.currency);
  }

  @Field(() => Money)
  get vat(): Money {
    return Money.of(this.vatMinor, this.currency);
  }

  @Field(() => Money, { description: 'Net plus VAT: what the payer is credited.' })
  get total(): Money {
    return Money.of(this.totalMinor, this.currency);
  }

  @Field(() => Money, { description: 'The part of the total that lowered what the invoice still owed.' })
  get applied(): Money {
    return Money.of(this.appliedMinor, this.currency);
  }

  @Field(() => Money, { description: 'The part of the total the payer had already paid, held as their credit balance (a liability, account 2300).' })
  get heldAsCredit(): Money {
    return Money.of(this.heldMinor, this.currency);
  }
}
