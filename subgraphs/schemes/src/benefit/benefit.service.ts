import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { NotFoundError, Violations } from '../../../../kit/errors';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { lockDraftVersion } from '../scheme/draft-version';
import type { SchemeVersion } from '../scheme/scheme-version.entity';
import { Benefit, BenefitQuantityLimit, BenefitSubLimit } from './benefit.entity';
import type { AddBenefitInput, UpdateBenefitInput } from './benefit.input';
import { checkBenefitTerms, readBenefitTerms, type BenefitTerms } from './benefit.rules';

/** Benefits of draft scheme versions: added, replaced and removed only while the version is a draft. */
export class BenefitService {
  constructor(private readonly dataSource: DataSource) {}

  private get benefits() {
    return this.dataSource.getRepository(Benefit);
  }

  async add(input: AddBenefitInput): Promise<Benefit> {
    const id = await this.dataSource.transaction(async (manager) => {
      const { version } = await lockDraftVersion(manager, input.versionId, 'add a benefit');
      const terms = await this.checkedTerms(manager, input.benefit, version, null);
      const [{ next }] = await manager.query('SELECT coalesce(max(position), 0)::int + 1 AS next FROM benefits WHERE version_id = $1', [version.id]);
      const benefit = manager.create(Benefit, { ...columnsOf(terms, version.currency), versionId: version.id, position: next });
      await manager.insert(Benefit, benefit);
      await insertLimits(manager, benefit, terms);
      return benefit.id;
    });
    return this.get(id);
  }

  /** Replaces every term of a draft version's benefit, its sub-limits and quantity limits included. */
  async update(input: UpdateBenefitInput): Promise<Benefit> {
    await this.dataSource.transaction(async (manager) => {
      const benefit = await this.find(manager, input.benefitId);
      const { version } = await lockDraftVersion(manager, benefit.versionId, 'change a benefit');
      const terms = await this.checkedTerms(manager, input.benefit, version, benefit.id);
      await manager.update(Benefit, { id: benefit.id }, columnsOf(terms, version.currency));
      await manager.delete(BenefitSubLimit, { benefitId: benefit.id });
      await manager.delete(BenefitQuantityLimit, { benefitId: benefit.id });
      await insertLimits(manager, benefit, terms);
    });
    return this.get(input.benefitId);
  }

  /** Removes a benefit from a draft version; returns the version's id. */
  async remove(benefitId: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const benefit = await this.find(manager, benefitId);
      const { version } = await lockDraftVersion(manager, benefit.versionId, 'remove a benefit');
      await manager.delete(Benefit, { id: benefit.id });
      return version.id;
    });
  }

  private async find(manager: EntityManager, benefitId: string): Promise<Benefit> {
    const benefit = isUuid(benefitId) ? await manager.findOneBy(Benefit, { id: benefitId }) : null;
    if (!benefit) throw new NotFoundError('Benefit', benefitId);
    return benefit;
  }

  private async checkedTerms(
    manager: EntityManager,
    input: AddBenefitInput['benefit'],
    version: SchemeVersion,
    benefitId: string | null,
  ): Promise<BenefitTerms & { annualLimitMinor: number }> {
    const violations = new Violations();
    const terms = readBenefitTerms(input, version.currency, violations);
    checkBenefitTerms(terms, version, violations);
    const clash = await manager.findOneBy(Benefit, { versionId: version.id, code: terms.code, ...(benefitId ? { id: Not(benefitId) } : {}) });
    if (clash) violations.add('code', 'UNIQUE', `version ${version.versionNumber} already has a benefit ${terms.code}`);
    violations.throwIfAny();
    return terms as BenefitTerms & { annualLimitMinor: number };
  }

  async get(id: string): Promise<Benefit> {
    const benefit = isUuid(id) ? await this.benefits.findOneBy({ id }) : null;
    if (!benefit) throw new NotFoundError('Benefit', id);
    return benefit;
  }

  async byIds(ids: readonly string[]): Promise<Benefit[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.benefits.findBy({ id: In(valid) }) : [];
  }

  async ofVersions(versionIds: readonly string[]): Promise<Benefit[]> {
    const valid = uuidsOf(versionIds);
    return valid.length ? this.benefits.find({ where: { versionId: In(valid) }, order: { position: 'ASC' } }) : [];
  }

  async subLimitsOf(benefitIds: readonly string[]): Promise<BenefitSubLimit[]> {
    const valid = uuidsOf(benefitIds);
    return valid.length
      ? this.dataSource.getRepository(BenefitSubLimit).find({ where: { benefitId: In(valid) }, order: { position: 'ASC' } })
      : [];
  }

  async quantityLimitsOf(benefitIds: readonly string[]): Promise<BenefitQuantityLimit[]> {
    const valid = uuidsOf(benefitIds);
    return valid.length
      ? this.dataSource.getRepository(BenefitQuantityLimit).find({ where: { benefitId: In(valid) }, order: { position: 'ASC' } })
      : [];
  }
}

/** The benefit's own columns (its limits live in their own tables), in the version's currency. */
function columnsOf(terms: BenefitTerms & { annualLimitMinor: number }, currency: string) {
  const { subLimits: _s, quantityLimits: _q, ...columns } = terms;
  return { ...columns, currency };
}

async function insertLimits(manager: EntityManager, benefit: Benefit, terms: BenefitTerms): Promise<void> {
  if (terms.subLimits.length > 0) {
    await manager.insert(
      BenefitSubLimit,
      terms.subLimits.map((s, i) => ({
        versionId: benefit.versionId,
        benefitId: benefit.id,
        name: s.name,
        serviceCategory: s.serviceCategory,
        serviceCode: s.serviceCode,
        currency: benefit.currency,
        limitMinor: s.limitMinor!,
        position: i + 1,
      })),
    );
  }
  if (terms.quantityLimits.length > 0) {
    await manager.insert(
      BenefitQuantityLimit,
      terms.quantityLimits.map((q, i) => ({ versionId: benefit.versionId, benefitId: benefit.id, ...q, position: i + 1 })),
    );
  }
}
