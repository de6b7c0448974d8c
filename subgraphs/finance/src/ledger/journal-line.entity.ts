import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../kit/money';

/** One debit or one credit of a journal entry. */
@ObjectType({ description: 'One debit or one credit of a journal entry.' })
@Entity('journal_lines')
export class JournalLine {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  entryId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  lineNumber: number;

  @Field({ description: 'Code of the account posted to.' })
  @Column()
  accountCode: string;

  @Field()
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  debitMinor: number;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  creditMinor: number;

  @Field(() => ID, { nullable: true, description: 'The member the line concerns (sub-ledger of receivables).' })
  @Column({ type: 'uuid', nullable: true })
  memberId: string | null;

  @Field(() => ID, { nullable: true, description: 'The provider the line concerns (sub-ledger of claims payable; a providers subgraph id).' })
  @Column({ type: 'uuid', nullable: true })
  providerId: string | null;

  @Field(() => String, { nullable: true, description: 'Units of the functional currency per unit of the line\'s currency, as recorded when the line was posted.' })
  @Column({ type: 'numeric', nullable: true })
  fxRate: string | null;

  @Field(() => String, { nullable: true, description: 'The currency the books are kept in, as at posting.' })
  @Column({ type: 'text', nullable: true })
  functionalCurrency: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  functionalDebitMinor: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: minorUnitsColumn })
  functionalCreditMinor: number | null;

  @Field(() => Money, { nullable: true, description: 'The debit in the functional currency at the rate recorded at posting; never restated.' })
  get functionalDebit(): Money | null {
    return this.functionalCurrency === null || this.functionalDebitMinor === null ? null : Money.of(this.functionalDebitMinor, this.functionalCurrency);
  }

  @Field(() => Money, { nullable: true, description: 'The credit in the functional currency at the rate recorded at posting; never restated.' })
  get functionalCredit(): Money | null {
    return this.functionalCurrency === null || this.functionalCreditMinor === null ? null : Money.of(this.functionalCreditMinor, this.functionalCurrency);
  }

  @Field(() => Money, { description: 'Zero on a credit line.' })
  get debit(): Money {
    return Money.of(this.debitMinor, this.currency);
  }

  @Field(() => Money, { description: 'Zero on a debit line.' })
  get credit(): Money {
    return Money.of(this.creditMinor, this.currency);
  }
}
