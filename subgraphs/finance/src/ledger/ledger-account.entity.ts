import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export enum LedgerAccountType {
  ASSET = 'ASSET',
  LIABILITY = 'LIABILITY',
  EQUITY = 'EQUITY',
  INCOME = 'INCOME',
  EXPENSE = 'EXPENSE',
}
registerEnumType(LedgerAccountType, { name: 'LedgerAccountType' });

export enum LedgerSide {
  DEBIT = 'DEBIT',
  CREDIT = 'CREDIT',
}
registerEnumType(LedgerSide, { name: 'LedgerSide', description: 'The side of the ledger an account normally carries its balance on.' });

/** One account of the chart of accounts (seeded by migration). */
@ObjectType({ description: 'One account of the general ledger\'s chart of accounts.' })
@Entity('ledger_accounts')
export class LedgerAccount {
  @Field({ description: 'Four-digit account code, e.g. 1100.' })
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Field()
  @Column()
  name: string;

  @Field(() => LedgerAccountType)
  @Column({ type: 'text' })
  type: LedgerAccountType;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
