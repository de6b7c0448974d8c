import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ClaimBenefitCategory } from './benefit-category';
import { MedicalService } from './medical-service.entity';

/** Look-ups in the medical service catalogue. */
export class MedicalServiceCatalogue {
  constructor(private readonly dataSource: DataSource) {}

  private get services() {
    return this.dataSource.getRepository(MedicalService);
  }

  /** Billable services, optionally of one benefit category, by code. */
  list(category?: ClaimBenefitCategory | null): Promise<MedicalService[]> {
    return this.services.find({ where: { active: true, ...(category ? { category } : {}) }, order: { code: 'ASC' } });
  }

  /** The catalogue entries for these codes (retired ones included), by code; `manager` reads inside a caller's transaction. */
  async byCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MedicalService>> {
    if (codes.length === 0) return new Map();
    const rows = await manager.findBy(MedicalService, { code: In([...codes]) });
    return new Map(rows.map((row) => [row.code, row]));
  }
}
