import type { DataSource, EntityManager } from 'typeorm';
import { ReferenceTable } from '../../../../kit/reference-data';
import type { ClaimBenefitCategory } from './benefit-category';
import { MedicalService } from './medical-service.entity';

/** Look-ups in the medical service catalogue. */
export class MedicalServiceCatalogue {
  /** The catalogue changes only through migrations, so it is read once per process. */
  private readonly byCode: ReferenceTable<MedicalService, EntityManager>;

  constructor(private readonly dataSource: DataSource) {
    this.byCode = new ReferenceTable((manager) => manager.find(MedicalService), (service) => service.code);
  }

  private get services() {
    return this.dataSource.getRepository(MedicalService);
  }

  /** Billable services, optionally of one benefit category, by code. */
  list(category?: ClaimBenefitCategory | null): Promise<MedicalService[]> {
    return this.services.find({ where: { active: true, ...(category ? { category } : {}) }, order: { code: 'ASC' } });
  }

  /** The catalogue entries for these codes (retired ones included), by code; `manager` is the caller's transaction, if any. */
  byCodes(codes: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MedicalService>> {
    return this.byCode.byKeys(codes, manager);
  }
}
