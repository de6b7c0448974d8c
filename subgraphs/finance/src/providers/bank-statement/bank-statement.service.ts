import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { BUSINESS_TIME_ZONE } from '../../../../../kit/dates';
import { Violations } from '../../../../../kit/errors';
import type { Clock } from '../../../../../kit/clock';
import { paginate, type Page, type PageArgs } from '../../../../../kit/pagination';
import { Payment, PaymentMethod } from '../../payment/payment.entity';
import { payInvoiceIn } from '../../payment/payment.service';
import { normaliseReference, type NotApplicable } from '../../payment/payment.rules';
import { BankStatementImport, BankStatementLine, StatementLineOutcome } from './bank-statement.entity';
import type { ImportBankStatementInput } from './bank-statement.input';
import { invoiceNumberIn, noonIn, parseStatementCsv, UnmatchedReason, type StatementLine } from './bank-statement.rules';

const IMPORT_SORT = { column: 'imported_at', property: 'importedAt', direction: 'DESC' } as const;

type LineResult = Pick<BankStatementLine, 'outcome' | 'reason' | 'invoiceId' | 'paymentId'>;

/** Bank transfers from imported statements: each credit matched to an open invoice by the number in its reference. */
export class BankStatementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Imports a statement in one transaction: posts each credit that names a payable invoice and fits
   * what is due as a BANK_TRANSFER payment (reference: the bank transaction id, so importing the
   * same file again posts nothing new), and keeps every line with its outcome for reconciliation.
   */
  async importStatement(input: ImportBankStatementInput, actorId: string): Promise<BankStatementImport> {
    let lines: StatementLine[];
    try {
      lines = parseStatementCsv(input.csv);
    } catch (error) {
      new Violations().add('csv', 'STATEMENT_HEADER', (error as Error).message).throwIfAny();
      throw error;
    }
    if (lines.length === 0) new Violations().add('csv', 'NOT_EMPTY', 'the statement has no lines').throwIfAny();
    const id = await this.dataSource.transaction(async (manager) => {
      // Imports run one at a time, so two imports of the same file cannot both post a line.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('bank-statement-import'))`);
      const importId = randomUUID();
      const seen = new Set<string>();
      const results: (StatementLine & LineResult)[] = [];
      for (const line of lines) {
        const reference = line.bankTransactionId ? normaliseReference(PaymentMethod.BANK_TRANSFER, line.bankTransactionId) : null;
        let result: LineResult;
        if (reference && seen.has(reference)) result = unmatched(UnmatchedReason.REPEATED_IN_FILE);
        else result = await this.reconcile(manager, line, reference, actorId);
        if (reference) seen.add(reference);
        results.push({ ...line, ...result });
      }
      const count = (outcome: StatementLineOutcome) => results.filter((r) => r.outcome === outcome).length;
      await manager.insert(BankStatementImport, {
        id: importId,
        fileName: input.fileName.trim(),
        format: 'CSV',
        lineCount: results.length,
        matchedCount: count(StatementLineOutcome.MATCHED),
        duplicateCount: count(StatementLineOutcome.DUPLICATE),
        unmatchedCount: count(StatementLineOutcome.UNMATCHED),
        importedBy: actorId,
        importedAt: this.clock.now(),
      });
      await manager.insert(
        BankStatementLine,
        results.map((r) => ({
          importId,
          lineNumber: r.lineNumber,
          bookedOn: r.bookedOn,
          reference: r.reference,
          amountMinor: r.amountMinor,
          currency: r.currency,
          bankTransactionId: r.bankTransactionId,
          outcome: r.outcome,
          reason: r.reason,
          invoiceId: r.invoiceId,
          paymentId: r.paymentId,
        })),
      );
      return importId;
    });
    return this.dataSource.getRepository(BankStatementImport).findOneByOrFail({ id });
  }

  private async reconcile(manager: EntityManager, line: StatementLine, reference: string | null, actorId: string): Promise<LineResult> {
    if (line.problem || !reference || line.amountMinor === null || !line.currency || !line.bookedOn) {
      return unmatched(`${UnmatchedReason.INVALID_LINE}: ${line.problem ?? 'incomplete'}`);
    }
    const recorded = await manager.findOneBy(Payment, { method: PaymentMethod.BANK_TRANSFER, externalReference: reference });
    if (recorded) return { outcome: StatementLineOutcome.DUPLICATE, reason: null, invoiceId: recorded.invoiceId, paymentId: recorded.id };
    if (line.amountMinor <= 0) return unmatched(UnmatchedReason.NOT_A_CREDIT);
    const invoiceNumber = invoiceNumberIn(line.reference);
    if (!invoiceNumber) return unmatched(UnmatchedReason.NO_INVOICE_NUMBER);
    // The bank's date is when the money arrived; noon in the business time zone keeps it on that day.
    const receivedAt = noonIn(line.bookedOn, BUSINESS_TIME_ZONE);
    const result = await payInvoiceIn(
      manager,
      { invoiceNumber },
      { amountMinor: line.amountMinor, currency: line.currency, method: PaymentMethod.BANK_TRANSFER, externalReference: reference, receivedAt, payerPhone: null },
      actorId,
    );
    // A credit no invoice takes stays on its line, unposted, for a clerk to reconcile.
    if (!result.applied) return { ...unmatched(UNMATCHED_BECAUSE[result.reason]), invoiceId: result.invoice?.id ?? null };
    return { outcome: StatementLineOutcome.MATCHED, reason: null, invoiceId: result.invoice.id, paymentId: result.payment.id };
  }

  byIds(ids: readonly string[]): Promise<BankStatementImport[]> {
    return this.dataSource.getRepository(BankStatementImport).findBy({ id: In([...ids]) });
  }

  linesOf(importIds: readonly string[]): Promise<BankStatementLine[]> {
    return this.dataSource.getRepository(BankStatementLine).find({ where: { importId: In([...importIds]) }, order: { lineNumber: 'ASC' } });
  }

  search(page: PageArgs): Promise<Page<BankStatementImport>> {
    return paginate(this.dataSource.getRepository(BankStatementImport).createQueryBuilder('import'), 'import', IMPORT_SORT, page);
  }
}

const UNMATCHED_BECAUSE: Record<NotApplicable, UnmatchedReason> = {
  UNKNOWN_INVOICE: UnmatchedReason.UNKNOWN_INVOICE,
  INVOICE_NOT_PAYABLE: UnmatchedReason.INVOICE_NOT_PAYABLE,
  CURRENCY_MISMATCH: UnmatchedReason.CURRENCY_MISMATCH,
  MORE_THAN_DUE: UnmatchedReason.MORE_THAN_DUE,
};

function unmatched(reason: string): LineResult {
  return { outcome: StatementLineOutcome.UNMATCHED, reason, invoiceId: null, paymentId: null };
}
