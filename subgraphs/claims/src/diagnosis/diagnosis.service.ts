import type { DataSource, EntityManager } from 'typeorm';
import { ReferenceTable } from '../../../../kit/reference-data';
import { decodeCursor, encodeCursor, PageInfo, type Page, type PageArgs } from '../../../../kit/pagination';
import { normaliseDiagnosisCode } from '../claim/intake';
import { DiagnosisCode } from './diagnosis-code.entity';

/** Look-ups in the ICD-10 diagnosis catalogue. */
export class DiagnosisService {
  /** The catalogue changes only through migrations, so it is read once per process. */
  private readonly byCode: ReferenceTable<DiagnosisCode, EntityManager>;

  constructor(private readonly dataSource: DataSource) {
    this.byCode = new ReferenceTable((manager) => manager.find(DiagnosisCode), (diagnosis) => diagnosis.code);
  }

  private get codes() {
    return this.dataSource.getRepository(DiagnosisCode);
  }

  /** One code, accepting the ways people write it ("b509", "B50.9"); null when unknown. */
  async get(raw: string): Promise<DiagnosisCode | null> {
    const code = normaliseDiagnosisCode(raw);
    return code ? ((await this.byCodes([code])).get(code) ?? null) : null;
  }

  /** The catalogue entries for these (normalised) codes, by code; `manager` is the caller's transaction, if any. */
  byCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, DiagnosisCode>> {
    return this.byCode.byKeys(codes, manager);
  }

  /**
   * Codes in code order. `search` matches a code prefix ("B5", "b509") or, word by word,
   * the title ("falciparum malaria").
   */
  async search(search: string | null | undefined, page: PageArgs): Promise<Page<DiagnosisCode>> {
    const query = this.codes.createQueryBuilder('dx');
    const term = search?.trim() ?? '';
    if (term) {
      const prefix = `${escapeLike(term.toUpperCase().replace(/\./g, ''))}%`;
      const words = term.split(/\s+/).filter(Boolean).slice(0, 8);
      const wordSql = words.map((_, i) => `dx.description ILIKE :word${i}`).join(' AND ');
      const params: Record<string, string> = { prefix };
      words.forEach((word, i) => (params[`word${i}`] = `%${escapeLike(word)}%`));
      query.andWhere(`(replace(dx.code, '.', '') LIKE :prefix OR (${wordSql}))`, params);
    }
    if (page.after) {
      const [after] = decodeCursor(page.after, 1);
      query.andWhere('dx.code COLLATE "C" > :after', { after: String(after) });
    }
    // Byte order, so that "B50" < "B50.0" < "B51" whatever the database's locale.
    const rows = await query.orderBy('dx.code COLLATE "C"', 'ASC').limit(page.first + 1).getMany();
    const edges = rows.slice(0, page.first).map((node) => ({ node, cursor: encodeCursor([node.code]) }));
    const pageInfo = new PageInfo();
    pageInfo.hasNextPage = rows.length > page.first;
    pageInfo.endCursor = edges.at(-1)?.cursor ?? null;
    return { edges, pageInfo };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[%_\\]/g, '\\$&');
}
