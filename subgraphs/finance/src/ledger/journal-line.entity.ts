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

  @Field(() => Money, { description: 'Zero on a credit line.' })
  get debit(): Money {
    return Money.of(this.debitMinor, this.currency);
  }

  @Field(() => Money, { description: 'Zero on a debit line.' })
  get credit(): Money {
    return Money.of(this.creditMinor, this.currency);
  }
}
