import type { EntityManager } from 'typeorm';
import type { DemoPlan } from '../../../demo/plan';
import { addDays } from '../../../kit/dates';

const DEMO_ACTOR = 'system:demo-seed';
/** Nairobi is UTC+3 all year. */
const NAIROBI = '+03:00';

/** The packages on sale in the demo, smallest first: KES 5 a token, cheaper in bulk. */
export const DEMO_PACKAGES = [
  { code: 'CLAIMS-1K', name: '1,000 claim submissions', tokens: 1_000, priceMinor: 500_000 },
  { code: 'CLAIMS-10K', name: '10,000 claim submissions', tokens: 10_000, priceMinor: 4_500_000 },
  { code: 'CLAIMS-100K', name: '100,000 claim submissions', tokens: 100_000, priceMinor: 40_000_000 },
  { code: 'CLAIMS-1M', name: '1,000,000 claim submissions', tokens: 1_000_000, priceMinor: 350_000_000 },
] as const;

/** What each demo wallet was given to start: enough for the benchmark's thousands of claims many times over. */
export const DEMO_OPENING_TOKENS = 1_000_000;
/** Days of claim submissions in each wallet's seeded history. */
const HISTORY_DAYS = 30;

interface Movement {
  kind: 'CREDIT' | 'RESERVE' | 'CONSUME';
  source: string | null;
  amount: number;
  reference: string;
  reason: string | null;
  at: string;
}

/**
 * Seeds the tokens domain for the demo world: the packages, and for every demo company a wallet
 * opened with a paid purchase of a million tokens, an auto top-up (below 100,000 buy 1,000,000),
 * and a month of claim submissions consumed from it, so its history and forecast have substance.
 */
export async function seedTokensDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('tokens');
  const packageIds = new Map<string, string>();
  for (const pkg of DEMO_PACKAGES) {
    const id = random.uuid();
    packageIds.set(pkg.code, id);
    await manager.query(
      `INSERT INTO token_packages (id, code, name, tokens, price_minor, currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'KES', $6, $6)`,
      [id, pkg.code, pkg.name, pkg.tokens, pkg.priceMinor, `2026-01-02T09:00:00${NAIROBI}`],
    );
  }
  const opening = DEMO_PACKAGES.find((p) => p.tokens === DEMO_OPENING_TOKENS)!;
  const historyStart = addDays(plan.asOf, -HISTORY_DAYS);

  for (const company of plan.companies) {
    const walletId = random.uuid();
    const purchaseId = random.uuid();
    const openedAt = `${historyStart}T08:00:00${NAIROBI}`;
    await manager.query(`INSERT INTO token_wallets (id, company_id, created_by, created_at) VALUES ($1, $2, $3, $4)`, [walletId, company.id, DEMO_ACTOR, openedAt]);
    await manager.query(
      `INSERT INTO token_purchases (id, wallet_id, company_id, package_id, package_code, tokens, amount_minor, currency, source, status,
                                    invoice_number, paid_at, credited_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'KES', 'PURCHASE', 'CREDITED', $8, $9, $9, $10, $11)`,
      [purchaseId, walletId, company.id, packageIds.get(opening.code), opening.code, opening.tokens, opening.priceMinor, `TOK-${company.registrationNumber}`, `${historyStart}T10:00:00${NAIROBI}`, DEMO_ACTOR, openedAt],
    );
    await manager.query(
      `INSERT INTO auto_top_up_policies (wallet_id, threshold, package_id, monthly_cap_tokens, enabled, updated_by, updated_at) VALUES ($1, 100000, $2, 5000000, true, $3, $4)`,
      [walletId, packageIds.get(opening.code), DEMO_ACTOR, openedAt],
    );

    const movements: Movement[] = [{ kind: 'CREDIT', source: 'PURCHASE', amount: opening.tokens, reference: `purchase:${purchaseId}`, reason: 'demo opening purchase', at: `${historyStart}T10:00:00${NAIROBI}` }];
    const reservations: { id: string; reference: string; at: string }[] = [];
    for (let day = 1; day <= HISTORY_DAYS; day += 1) {
      const date = addDays(historyStart, day);
      for (let n = random.int(4, 18); n > 0; n -= 1) {
        const id = random.uuid();
        const at = `${date}T${String(random.int(7, 18)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00${NAIROBI}`;
        reservations.push({ id, reference: random.uuid(), at });
        movements.push({ kind: 'RESERVE', source: null, amount: 1, reference: `reservation:${id}`, reason: null, at }, { kind: 'CONSUME', source: null, amount: 1, reference: `reservation:${id}`, reason: null, at });
      }
    }
    movements.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let balance = 0;
    let reserved = 0;
    const rows = movements.map((m, i) => {
      if (m.kind === 'CREDIT') balance += m.amount;
      if (m.kind === 'RESERVE') reserved += m.amount;
      if (m.kind === 'CONSUME') {
        balance -= m.amount;
        reserved -= m.amount;
      }
      // Distinct instants keep the history's order (reserve before consume) when paged by time.
      const at = new Date(new Date(m.at).getTime() + i).toISOString();
      return { wallet_id: walletId, kind: m.kind, source: m.source, amount: m.amount, balance_after: balance, reserved_after: reserved, reference: m.reference, reason: m.reason, actor_id: DEMO_ACTOR, created_at: at };
    });
    await manager.query(
      `INSERT INTO wallet_transactions (wallet_id, kind, source, amount, balance_after, reserved_after, reference, reason, actor_id, created_at)
       SELECT wallet_id, kind, source, amount, balance_after, reserved_after, reference, reason, actor_id, created_at
       FROM jsonb_to_recordset($1::jsonb) AS t(wallet_id uuid, kind text, source text, amount bigint, balance_after bigint, reserved_after bigint,
                                              reference text, reason text, actor_id text, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    await manager.query(
      `INSERT INTO token_reservations (id, wallet_id, company_id, operation, reference, tokens, status, expires_at, created_at, settled_at)
       SELECT id, $2, $3, 'claims.submission', reference, 1, 'CONSUMED', created_at + interval '15 minutes', created_at, created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, reference text, created_at timestamptz)`,
      [JSON.stringify(reservations.map((r) => ({ id: r.id, reference: r.reference, created_at: r.at }))), walletId, company.id],
    );
    await manager.query('UPDATE token_wallets SET balance = $2, updated_at = $3 WHERE id = $1', [walletId, balance, rows.at(-1)!.created_at]);
  }
}
