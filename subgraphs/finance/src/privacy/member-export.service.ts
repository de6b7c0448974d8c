import { In, type DataSource } from 'typeorm';
import { Invoice } from '../invoice/invoice.entity';
import { JournalEntry } from '../ledger/journal-entry.entity';
import { JournalLine } from '../ledger/journal-line.entity';
import { Payment } from '../payment/payment.entity';
import { Settlement } from '../settlement/settlement.entity';

/** What finance holds about one member, for their data export. */
export class FinancePrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  /** Invoices billed to the member, their payments, settlements of their claims, and the ledger lines that name them. */
  async exportOf(memberId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const [invoices, payments, settlements, lines] = await Promise.all([
      manager.find(Invoice, { where: { billedMemberId: memberId }, order: { periodStart: 'ASC', id: 'ASC' } }),
      manager.find(Payment, { where: { memberId }, order: { receivedAt: 'ASC', id: 'ASC' } }),
      manager.find(Settlement, { where: { memberId }, order: { settlementNumber: 'ASC' } }),
      manager.find(JournalLine, { where: { memberId }, order: { entryId: 'ASC', lineNumber: 'ASC' } }),
    ]);
    const entryIds = [...new Set(lines.map((l) => l.entryId))];
    const entries = entryIds.length ? await manager.find(JournalEntry, { where: { id: In(entryIds) }, order: { entryNumber: 'ASC' } }) : [];
    // Plain JSON (dates as ISO strings) whatever the transport: this is the document the member keeps.
    return JSON.parse(
      JSON.stringify({
        subgraph: 'finance',
        exportedAt: new Date().toISOString(),
        invoices,
        payments,
        settlements,
        journalEntries: entries.map((entry) => ({ ...entry, lines: lines.filter((l) => l.entryId === entry.id) })),
      }),
    );
  }
}
