import { In, type DataSource, type EntityManager } from 'typeorm';
import { ClaimAdjudication, ClaimLineAdjudication } from '../adjudication/adjudication.entity';
import { ClaimLine } from '../claim/claim-line.entity';
import { Claim } from '../claim/claim.entity';
import { DiagnosisCode } from '../diagnosis/diagnosis-code.entity';
import { Preauthorisation } from '../preauthorisation/preauthorisation.entity';

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
/** A raw row with the same key style as the entities beside it. */
const camelRow = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]));

/** What claims holds about one member, for their data export; and what erasure removes from it. */
export class ClaimsPrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every claim with its lines, decisions and diagnoses, the member's pre-authorisations, their
   * benefit utilisation and its movements, and claims' copy of their membership.
   */
  async exportOf(memberId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const claims = await manager.find(Claim, { where: { memberId }, order: { claimNumber: 'ASC' } });
    const claimIds = claims.map((c) => c.id);
    const [lines, adjudications, lineAdjudications] = await Promise.all([
      manager.find(ClaimLine, { where: { claimId: In(claimIds) }, order: { lineNumber: 'ASC' } }),
      manager.find(ClaimAdjudication, { where: { claimId: In(claimIds) }, order: { sequence: 'ASC' } }),
      manager.find(ClaimLineAdjudication, { where: { claimId: In(claimIds) }, order: { lineNumber: 'ASC' } }),
    ]);
    const preauthorisations = await manager.find(Preauthorisation, { where: { memberId }, order: { preauthNumber: 'ASC' } });
    const codes = [...new Set([...claims, ...lines, ...preauthorisations].flatMap((r) => r.diagnosisCodes ?? []))];
    const diagnoses = codes.length ? await manager.find(DiagnosisCode, { where: { code: In(codes) }, order: { code: 'ASC' } }) : [];
    const [membership, utilisation, movements] = await Promise.all([
      this.rows(manager, `SELECT * FROM rm_members WHERE id = $1`, memberId),
      this.rows(manager, `SELECT * FROM benefit_utilisation WHERE member_id = $1 ORDER BY period_start, benefit_id`, memberId),
      this.rows(manager, `SELECT * FROM utilisation_movements WHERE member_id = $1 ORDER BY recorded_at, id`, memberId),
    ]);
    const byClaim = <T extends { claimId: string }>(rows: T[], claimId: string) => rows.filter((r) => r.claimId === claimId);
    // Plain JSON (dates as ISO strings) whatever the transport: this is the document the member keeps.
    return JSON.parse(
      JSON.stringify({
        subgraph: 'claims',
        exportedAt: new Date().toISOString(),
        membership: membership[0] ?? null,
        claims: claims.map((claim) => ({
          ...claim,
          lines: byClaim(lines, claim.id),
          adjudications: byClaim(adjudications, claim.id).map((a) => ({ ...a, lines: lineAdjudications.filter((l) => l.adjudicationId === a.id) })),
        })),
        diagnoses,
        preauthorisations,
        utilisation,
        utilisationMovements: movements,
      }),
    );
  }

  private async rows(manager: EntityManager, sql: string, memberId: string) {
    return ((await manager.query(sql, [memberId])) as Record<string, unknown>[]).map(camelRow);
  }
}
