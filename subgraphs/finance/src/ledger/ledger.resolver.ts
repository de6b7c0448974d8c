import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { DEFAULT_CURRENCY, Money } from '../../../../kit/money';
import { Connection, PageArgs } from '../../../../kit/pagination';
import { checkedCurrency } from '../amounts';
import type { FinanceContext } from '../context';
import { MemberReference, memberReference } from '../member.reference';
import { JournalEntry } from './journal-entry.entity';
import { JournalLine } from './journal-line.entity';
import { LedgerAccount, LedgerSide } from './ledger-account.entity';
import { JournalEntryFilter } from './ledger.input';
import { accountBalance, normalSide, trialBalanceRows } from './ledger.rules';
import { TrialBalance, TrialBalanceLine } from './trial-balance.types';

export const JournalEntryConnection = Connection(JournalEntry);

@Resolver()
export class LedgerResolver {
  @Query(() => TrialBalance, { description: 'Every account\'s net balance in one currency over the whole ledger.' })
  async trialBalance(
    @Arg('currency', () => String, { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<TrialBalance> {
    const code = checkedCurrency(currency);
    const accounts = await ctx.services.ledger.accountTotals(code);
    const { rows, totalDebitMinor, totalCreditMinor } = trialBalanceRows(accounts);
    const result = new TrialBalance();
    result.currency = code;
    result.asAt = ctx.services.clock.now();
    result.lines = rows.map((row, index) => {
      const line = new TrialBalanceLine();
      const { code: accountCode, name, type, description } = accounts[index];
      line.account = Object.assign(new LedgerAccount(), { code: accountCode, name, type, description });
      line.debit = Money.of(row.debitMinor, code);
      line.credit = Money.of(row.creditMinor, code);
      return line;
    });
    result.totalDebits = Money.of(totalDebitMinor, code);
    result.totalCredits = Money.of(totalCreditMinor, code);
    result.isBalanced = totalDebitMinor === totalCreditMinor;
    return result;
  }

  @Query(() => [LedgerAccount], { description: 'The chart of accounts, by code.' })
  ledgerAccounts(@Ctx() ctx: FinanceContext): Promise<LedgerAccount[]> {
    return ctx.services.ledger.accounts();
  }

  @Query(() => JournalEntryConnection, { description: 'Journal entries, newest first.' })
  journalEntries(
    @Arg('filter', () => JournalEntryFilter, { nullable: true }) filter: JournalEntryFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.ledger.entries(filter, page);
  }
}

@Resolver(() => LedgerAccount)
export class LedgerAccountResolver {
  @FieldResolver(() => LedgerSide, { description: 'DEBIT for assets and expenses, CREDIT for liabilities, equity and income.' })
  normalBalance(@Root() account: LedgerAccount): LedgerSide {
    return normalSide(account.type);
  }

  @FieldResolver(() => Money, { description: 'Total debits minus credits (or credits minus debits for credit-normal accounts).' })
  async balance(
    @Root() account: LedgerAccount,
    @Arg('currency', () => String, { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Money> {
    const code = checkedCurrency(currency);
    const totals = await ctx.loaders.accountTotals.load({ code: account.code, currency: code });
    return Money.of(accountBalance(account.type, totals.debitMinor, totals.creditMinor), code);
  }

  @FieldResolver(() => Money)
  async totalDebits(
    @Root() account: LedgerAccount,
    @Arg('currency', () => String, { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Money> {
    const code = checkedCurrency(currency);
    return Money.of((await ctx.loaders.accountTotals.load({ code: account.code, currency: code })).debitMinor, code);
  }

  @FieldResolver(() => Money)
  async totalCredits(
    @Root() account: LedgerAccount,
    @Arg('currency', () => String, { defaultValue: DEFAULT_CURRENCY }) currency: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<Money> {
    const code = checkedCurrency(currency);
    return Money.of((await ctx.loaders.accountTotals.load({ code: account.code, currency: code })).creditMinor, code);
  }
}

@Resolver(() => JournalEntry)
export class JournalEntryResolver {
  @FieldResolver(() => [JournalLine], { description: 'The entry\'s debits and credits, in line order.' })
  lines(@Root() entry: JournalEntry, @Ctx() ctx: FinanceContext): Promise<JournalLine[]> {
    return ctx.loaders.journalLinesByEntry.load(entry.id);
  }
}

@Resolver(() => JournalLine)
export class JournalLineResolver {
  @FieldResolver(() => LedgerAccount)
  async account(@Root() line: JournalLine, @Ctx() ctx: FinanceContext): Promise<LedgerAccount> {
    return (await ctx.loaders.ledgerAccountByCode.load(line.accountCode))!;
  }

  @FieldResolver(() => MemberReference, { nullable: true })
  member(@Root() line: JournalLine): MemberReference | null {
    return line.memberId ? memberReference(line.memberId) : null;
  }
}
