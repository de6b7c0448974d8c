import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../../../../kit/pagination';
import type { FinanceContext } from '../../context';
import { BankStatementImport, BankStatementLine } from './bank-statement.entity';
import { ImportBankStatementInput } from './bank-statement.input';

export const BankStatementImportConnection = Connection(BankStatementImport);

@Resolver(() => BankStatementImport)
export class BankStatementImportResolver {
  @Query(() => BankStatementImport, { nullable: true, description: 'One statement import, or null when the id is unknown.' })
  bankStatementImport(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<BankStatementImport | null> {
    return ctx.loaders.statementImportById.load(id);
  }

  @Query(() => BankStatementImportConnection, { description: 'Imported bank statements, latest first.' })
  bankStatementImports(@Args() page: PageArgs, @Ctx() ctx: FinanceContext) {
    return ctx.services.bankStatements.search(page);
  }

  @Mutation(() => BankStatementImport, {
    description:
      'Imports a bank statement (CSV): credits naming a payable invoice and within what is due are posted as bank transfers; ' +
      'every line is kept with its outcome. Importing the same file again posts nothing new.',
  })
  importBankStatement(@Arg('input', () => ImportBankStatementInput) input: ImportBankStatementInput, @Ctx() ctx: FinanceContext): Promise<BankStatementImport> {
    return ctx.services.bankStatements.importStatement(input, ctx.actor.id);
  }

  @FieldResolver(() => [BankStatementLine], { description: 'Every line of the statement with its outcome, in file order.' })
  lines(@Root() statement: BankStatementImport, @Ctx() ctx: FinanceContext): Promise<BankStatementLine[]> {
    return ctx.loaders.statementLinesByImport.load(statement.id);
  }
}
