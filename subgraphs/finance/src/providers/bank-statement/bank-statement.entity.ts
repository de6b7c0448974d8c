import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { minorUnitsColumn, Money } from '../../../../../kit/money';

export enum StatementLineOutcome {
  MATCHED = 'MATCHED',
  DUPLICATE = 'DUPLICATE',
  UNMATCHED = 'UNMATCHED',
}
registerEnumType(StatementLineOutcome, {
  name: 'StatementLineOutcome',
  description: 'MATCHED: posted as a payment; DUPLICATE: its bank transaction was posted before; UNMATCHED: left for a clerk, with the reason.',
});

/** One imported bank statement file and how its lines were reconciled. */
@ObjectType({ description: 'One imported bank statement file and how its lines were reconciled.' })
@Entity('bank_statement_imports')
export class BankStatementImport {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column()
  fileName: string;

  @Field()
  @Column({ type: 'text' })
  format: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  lineCount: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  matchedCount: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  duplicateCount: number;

  @Field(() => Int)
  @Column({ type: 'int' })
  unmatchedCount: number;

  @Field()
  @Column()
  importedBy: string;

  @Field()
  @Column({ type: 'timestamptz' })
  importedAt: Date;
}

/** One line of an imported statement and what became of it. */
@ObjectType({ description: 'One line of an imported statement and what became of it.' })
@Entity('bank_statement_lines')
export class BankStatementLine {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  importId: string;

  @Field(() => Int, { description: 'The line in the file, the header being line 1.' })
  @Column({ type: 'int' })
  lineNumber: number;

  @Field(() => LocalDateResolver, { nullable: true })
  @Column({ type: 'date', nullable: true })
  bookedOn: string | null;

  @Field({ description: 'The reference or narrative the bank shows.' })
  @Column()
  reference: string;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  amountMinor: number | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  bankTransactionId: string | null;

  @Field(() => StatementLineOutcome)
  @Column({ type: 'text' })
  outcome: StatementLineOutcome;

  @Field(() => String, { nullable: true, description: 'Why an unmatched line was not posted, e.g. NO_INVOICE_NUMBER, MORE_THAN_DUE.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  invoiceId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  paymentId: string | null;

  @Field(() => Money, { nullable: true })
  get amount(): Money | null {
    return this.amountMinor === null || !this.currency ? null : Money.of(this.amountMinor, this.currency);
  }
}
