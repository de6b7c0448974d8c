import { Field, ObjectType } from 'type-graphql';
import { Money } from '../../../../kit/money';
import { LedgerAccount } from './ledger-account.entity';

@ObjectType({ description: 'One account\'s net balance, in the debit or the credit column.' })
export class TrialBalanceLine {
  @Field(() => LedgerAccount)
  account: LedgerAccount;

  @Field(() => Money)
  debit: Money;

  @Field(() => Money)
  credit: Money;
}

@ObjectType({ description: 'Every account\'s balance in one currency; the debit and credit totals are equal when the ledger balances.' })
export class TrialBalance {
  @Field()
  currency: string;

  @Field({ description: 'When the balances were read.' })
  asAt: Date;

  @Field(() => [TrialBalanceLine])
  lines: TrialBalanceLine[];

  @Field(() => Money)
  totalDebits: Money;

  @Field(() => Money)
  totalCredits: Money;

  @Field({ description: 'True when total debits equal total credits.' })
  isBalanced: boolean;
}
