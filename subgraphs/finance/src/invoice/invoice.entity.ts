import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../kit/money';
import { amountDueMinor } from './invoice.rules';

export enum InvoiceStatus {
  OPEN = 'OPEN',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  VOID = 'VOID',
}
export enum InvoiceKind {
  PREMIUM = 'PREMIUM',
  SUPPLEMENTARY = 'SUPPLEMENTARY',
  TOKEN_PURCHASE = 'TOKEN_PURCHASE',
}
registerEnumType(InvoiceKind, {
  name: 'InvoiceKind',
  description: 'PREMIUM: the premium of billing periods; SUPPLEMENTARY: extra premium for a mid-period change; TOKEN_PURCHASE: tokens a company bought.',
});

/** Kinds that bill policies: only these are reported to schemes as paid or overdue. */
export const PREMIUM_KINDS: readonly InvoiceKind[] = [InvoiceKind.PREMIUM, InvoiceKind.SUPPLEMENTARY];

registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Where an invoice is in its life: nothing paid, part paid, settled, or voided before any payment.',
});

/** An invoice: the premium of one policy, or of an employer's policies, for a billing period; or a token purchase. */
@Directive('@key(fields: "id")')
@ObjectType({
  description: 'An invoice: the premium of one policy (or, for an employer, one line per policy) for a billing period, a supplementary premium charge, or a token purchase.',
})
@Entity('invoices')
export class Invoice {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Unique, e.g. INV-2026-000001 (year of issue, then a running number).' })
  @Column()
  invoiceNumber: string;

  @Field(() => InvoiceKind)
  @Column({ type: 'text', default: InvoiceKind.PREMIUM })
  kind: InvoiceKind;

  @Field(() => ID, { nullable: true, description: 'The policy billed (owned by the schemes subgraph); null on an employer\'s group invoice (see lines) and a token purchase.' })
  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Field(() => ID, { nullable: true, description: 'The policy holder the invoice is addressed to; null when it is addressed to a company.' })
  @Column({ type: 'uuid', nullable: true })
  billedMemberId: string | null;

  @Field(() => ID, { nullable: true, description: 'The token purchase invoiced (owned by the tokens subgraph).' })
  @Column({ type: 'uuid', nullable: true })
  tokenPurchaseId: string | null;

  @Field(() => ID, { nullable: true, description: 'The employer group, for group policies.' })
  @Column({ type: 'uuid', nullable: true })
  companyId: string | null;

  @Field(() => LocalDateResolver, { description: 'First day of cover billed.' })
  @Column({ type: 'date' })
  periodStart: string;

  @Field(() => LocalDateResolver, { description: 'Last day of cover billed.' })
  @Column({ type: 'date' })
  periodEnd: string;

  @Field(() => LocalDateResolver)
  @Column({ type: 'date' })
  issueDate: string;

  @Field(() => LocalDateResolver, { description: 'Issue date plus the payment terms.' })
  @Column({ type: 'date' })
  dueDate: string;

  @Field({ description: 'ISO 4217 currency of every amount on the invoice.' })
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  netMinor: number;

  @Field(() => Int, { description: 'VAT rate applied, in basis points (1600 = 16%).' })
  @Column({ type: 'int' })
  vatRateBps: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  vatMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  totalMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  amountPaidMinor: number;

  /** Credit notes applied against what the invoice still owed (never more than that). */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  creditedMinor: number;

  @Field(() => InvoiceStatus)
  @Column({ type: 'text' })
  status: InvoiceStatus;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  voidReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  voidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  voidedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When the invoice was reported unpaid past its due date plus the grace period (cover is suspended on it).' })
  @Column({ type: 'timestamptz', nullable: true })
  overdueNotifiedAt: Date | null;

  @Field({ description: 'Who raised the invoice.' })
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

  @Field(() => Money, { description: 'The premium before VAT.' })
  get netPremium(): Money {
    return Money.of(this.netMinor, this.currency);
  }

  @Field(() => Money)
  get vat(): Money {
    return Money.of(this.vatMinor, this.currency);
  }

  @Field(() => Money, { description: 'Net premium plus VAT.' })
  get total(): Money {
    return Money.of(this.totalMinor, this.currency);
  }

  @Field(() => Money)
  get amountPaid(): Money {
    return Money.of(this.amountPaidMinor, this.currency);
  }

  @Field(() => Money, { description: 'Credit notes set against the invoice (what they gave back beyond what was still owed is held as the payer\'s credit balance).' })
  get credited(): Money {
    return Money.of(this.creditedMinor ?? 0, this.currency);
  }

  @Field(() => Money, { description: 'What is still owed: total less payments and credit notes; zero once settled or voided.' })
  get amountDue(): Money {
    return Money.of(amountDueMinor(this), this.currency);
  }
}
