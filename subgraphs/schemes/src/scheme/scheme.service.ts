import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { paginate, type Page, type PageArgs } from '../../../../kit/pagination';
import { readAmount } from '../amounts';
import { Benefit, BenefitQuantityLimit, BenefitSubLimit } from '../benefit/benefit.entity';
import { isUuid, uuidsOf } from '../../../../kit/ids';
import { RatingFactor } from '../rating/rating-factor.entity';
import { lockDraftVersion } from './draft-version';
import { Scheme, SchemeStatus } from './scheme.entity';
import type { CreateSchemeInput, PublishSchemeVersionInput, SchemeFilter, UpdateSchemeVersionInput } from './scheme.input';
import { checkNewScheme, checkOverallLimits, checkPublish, checkWithinOverallLimits, planSchemeTransition, readNetworkCodes, type SchemeAction } from './scheme.rules';
import { SchemeVersion, SchemeVersionStatus } from './scheme-version.entity';
import { recordVersionsPublished } from './scheme-version.events';

/** A key for "as of a day" look-ups (the version in effect, a member's coverage). */
export interface DatedKey {
  id: string;
  on: string;
}

export const datedKey = (key: DatedKey) => `${key.id}|${key.on}`;

/** Schemes and their versions: creation, publication, status. Every write is one transaction. */
export class SchemeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: () => string,
  ) {}

  private get schemes() {
    return this.dataSource.getRepository(Scheme);
  }

  private get versions() {
    return this.dataSource.getRepository(SchemeVersion);
  }

  /** Creates a DRAFT scheme with an empty draft version 1 to add benefits and rating to. */
  async create(input: CreateSchemeInput): Promise<Scheme> {
    const code = input.code.trim().toUpperCase();
    const currency = input.currency.trim().toUpperCase();
    const violations = new Violations();
    checkNewScheme({ code, currency }, violations);
    if (input.companyId && !isUuid(input.companyId)) violations.add('companyId', 'VALID_ID', `"${input.companyId}" is not a company id`);
    const perPerson = readAmount(input.overallAnnualLimitPerPerson, 'overallAnnualLimitPerPerson', currency, violations);
    const perFamily = readAmount(input.overallAnnualLimitPerFamily, 'overallAnnualLimitPerFamily', currency, violations);
    checkOverallLimits(perPerson, perFamily, violations);
    violations.throwIfAny();
    const id = await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(Scheme, { code })) {
        throw new ConflictError(`A scheme with code ${code} already exists`, { field: 'code', rule: 'UNIQUE' });
      }
      const scheme = manager.create(Scheme, {
        code,
        name: input.name.trim(),
        description: input.description?.trim() || null,
        status: SchemeStatus.DRAFT,
        companyId: input.companyId ?? null,
        currency,
        benefitPeriod: input.benefitPeriod,
      });
      try {
        await manager.insert(Scheme, scheme);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new ConflictError(`A scheme with code ${code} already exists`, { field: 'code', rule: 'UNIQUE' });
        }
        throw error;
      }
      await manager.insert(
        SchemeVersion,
        manager.create(SchemeVersion, {
          schemeId: scheme.id,
          versionNumber: 1,
          status: SchemeVersionStatus.DRAFT,
          currency,
          overallAnnualLimitPerPersonMinor: perPerson,
          overallAnnualLimitPerFamilyMinor: perFamily,
          baseMonthlyPremiumMinor: null,
          changeSummary: 'First version',
        }),
      );
      return scheme.id;
    });
    return this.get(id);
  }

  activate(schemeId: string) {
    return this.transition('activate', schemeId);
  }

  suspend(schemeId: string) {
    return this.transition('suspend', schemeId);
  }

  retire(schemeId: string) {
    return this.transition('retire', schemeId);
  }

  private async transition(action: SchemeAction, schemeId: string): Promise<Scheme> {
    await this.dataSource.transaction(async (manager) => {
      const scheme = await this.lockScheme(manager, schemeId);
      const facts = action === 'activate' ? { latestPublished: await this.latestPublished(manager, scheme.id), today: this.today() } : undefined;
      const to = planSchemeTransition(action, scheme, facts);
      await manager.update(Scheme, { id: scheme.id }, { status: to });
    });
    return this.get(schemeId);
  }

  private async lockScheme(manager: EntityManager, schemeId: string): Promise<Scheme> {
    const scheme = isUuid(schemeId) ? await manager.findOne(Scheme, { where: { id: schemeId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!scheme) throw new NotFoundError('Scheme', schemeId);
    return scheme;
  }

  private async latestPublished(manager: EntityManager, schemeId: string) {
    const [row] = await manager.query(
      `SELECT v.version_number, v.effective_from::text AS effective_from, v.effective_to::text AS effective_to,
              (SELECT count(*) FROM benefits b WHERE b.version_id = v.id)::int AS benefit_count
       FROM scheme_versions v WHERE v.scheme_id = $1 AND v.status = 'PUBLISHED'
       ORDER BY v.version_number DESC LIMIT 1`,
      [schemeId],
    );
    return row
      ? { versionNumber: row.version_number, benefitCount: row.benefit_count, effectiveFrom: row.effective_from, effectiveTo: row.effective_to }
      : null;
  }

  /**
   * Opens a new DRAFT version as a copy of the latest published one (benefits, sub-limits,
   * quantity limits, rating), so changes to a scheme never touch what was already sold.
   */
  async createVersion(schemeId: string): Promise<SchemeVersion> {
    const id = await this.dataSource.transaction(async (manager) => {
      // The scheme row lock serialises version numbering.
      const scheme = await this.lockScheme(manager, schemeId);
      if (scheme.status === SchemeStatus.RETIRED) {
        throw new ConflictError(`Scheme ${scheme.code} is RETIRED; it gets no new versions`, { field: 'schemeId', rule: 'SCHEME_NOT_RETIRED' });
      }
      const draft = await manager.findOneBy(SchemeVersion, { schemeId, status: SchemeVersionStatus.DRAFT });
      if (draft) {
        throw new ConflictError(`Scheme ${scheme.code} already has draft version ${draft.versionNumber}; change or publish that one`, {
          field: 'schemeId',
          rule: 'ONE_DRAFT_AT_A_TIME',
          versionId: draft.id,
        });
      }
      const source = await manager.findOne(SchemeVersion, {
        where: { schemeId, status: SchemeVersionStatus.PUBLISHED },
        order: { versionNumber: 'DESC' },
      });
      const [{ max }] = await manager.query('SELECT coalesce(max(version_number), 0)::int AS max FROM scheme_versions WHERE scheme_id = $1', [schemeId]);
      const version = manager.create(SchemeVersion, {
        schemeId,
        versionNumber: max + 1,
        status: SchemeVersionStatus.DRAFT,
        currency: scheme.currency,
        baseMonthlyPremiumMinor: source?.baseMonthlyPremiumMinor ?? null,
        overallAnnualLimitPerPersonMinor: source?.overallAnnualLimitPerPersonMinor ?? null,
        overallAnnualLimitPerFamilyMinor: source?.overallAnnualLimitPerFamilyMinor ?? null,
        allowedNetworkCodes: source?.allowedNetworkCodes ?? [],
        autoDenyCriticalRisk: source?.autoDenyCriticalRisk ?? false,
        changeSummary: null,
      });
      await manager.insert(SchemeVersion, version);
      if (source) await copyTerms(manager, source.id, version.id);
      return version.id;
    });
    return this.getVersion(id);
  }

  async updateVersion(input: UpdateSchemeVersionInput): Promise<SchemeVersion> {
    await this.dataSource.transaction(async (manager) => {
      const { version } = await lockDraftVersion(manager, input.versionId, 'change the version');
      const violations = new Violations();
      const perPerson = readAmount(input.overallAnnualLimitPerPerson, 'overallAnnualLimitPerPerson', version.currency, violations);
      const perFamily = readAmount(input.overallAnnualLimitPerFamily, 'overallAnnualLimitPerFamily', version.currency, violations);
      checkOverallLimits(perPerson, perFamily, violations);
      const limits = { overallAnnualLimitPerPersonMinor: perPerson, overallAnnualLimitPerFamilyMinor: perFamily };
      const allowedNetworkCodes = input.allowedNetworkCodes
        ? readNetworkCodes(input.allowedNetworkCodes, 'allowedNetworkCodes', violations)
        : version.allowedNetworkCodes;
      if (!violations.any) {
        const benefits = await manager.findBy(Benefit, { versionId: version.id });
        benefits.forEach((b) => checkWithinOverallLimits(b, limits, `benefits.${b.code}.annualLimit`, violations));
      }
      violations.throwIfAny();
      await manager.update(
        SchemeVersion,
        { id: version.id },
        {
          ...limits,
          allowedNetworkCodes,
          autoDenyCriticalRisk: input.autoDenyCriticalRisk ?? version.autoDenyCriticalRisk,
          changeSummary: input.changeSummary?.trim() || version.changeSummary,
        },
      );
    });
    return this.getVersion(input.versionId);
  }

  /** Publishes a draft: from then on its terms, benefits and rating can not change. Tells other domains in the same transaction. */
  async publish(input: PublishSchemeVersionInput, actorId: string): Promise<SchemeVersion> {
    await this.dataSource.transaction(async (manager) => {
      const version = isUuid(input.versionId)
        ? await manager.findOne(SchemeVersion, { where: { id: input.versionId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!version) throw new NotFoundError('SchemeVersion', input.versionId);
      const scheme = await manager.findOneByOrFail(Scheme, { id: version.schemeId });
      const benefits = await manager.find(Benefit, { where: { versionId: version.id }, order: { position: 'ASC' } });
      const [{ previous }] = await manager.query(
        `SELECT max(effective_from)::text AS previous FROM scheme_versions WHERE scheme_id = $1 AND status = 'PUBLISHED'`,
        [version.schemeId],
      );
      const violations = new Violations();
      checkPublish(
        { version, scheme, benefits, previousEffectiveFrom: previous, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo },
        violations,
      );
      violations.throwIfAny();
      await manager.update(
        SchemeVersion,
        { id: version.id },
        {
          status: SchemeVersionStatus.PUBLISHED,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo ?? null,
          changeSummary: input.changeSummary?.trim() || version.changeSummary,
          publishedAt: new Date(),
          publishedBy: actorId,
        },
      );
      await recordVersionsPublished(manager, [version.id]);
    });
    return this.getVersion(input.versionId);
  }

  async get(id: string): Promise<Scheme> {
    const scheme = isUuid(id) ? await this.schemes.findOneBy({ id }) : null;
    if (!scheme) throw new NotFoundError('Scheme', id);
    return scheme;
  }

  async getVersion(id: string): Promise<SchemeVersion> {
    const version = isUuid(id) ? await this.versions.findOneBy({ id }) : null;
    if (!version) throw new NotFoundError('SchemeVersion', id);
    return version;
  }

  async byIds(ids: readonly string[]): Promise<Scheme[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.schemes.findBy({ id: In(valid) }) : [];
  }

  async versionsByIds(ids: readonly string[]): Promise<SchemeVersion[]> {
    const valid = uuidsOf(ids);
    return valid.length ? this.versions.findBy({ id: In(valid) }) : [];
  }

  async versionsOfSchemes(schemeIds: readonly string[]): Promise<SchemeVersion[]> {
    const valid = uuidsOf(schemeIds);
    return valid.length ? this.versions.find({ where: { schemeId: In(valid) }, order: { versionNumber: 'ASC' } }) : [];
  }

  /**
   * The published version in effect for each (scheme, day): the highest-numbered one whose period
   * contains the day, since a later version supersedes an earlier one from its effective date.
   */
  async versionsInEffect(keys: readonly DatedKey[]): Promise<Map<DatedKey, SchemeVersion | null>> {
    const asked = keys.filter((k) => isUuid(k.id));
    const found = new Map<string, string>();
    if (asked.length > 0) {
      const rows: { scheme_id: string; day: string; id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT ON (k.scheme_id, k.day) k.scheme_id, k.day::text AS day, v.id
         FROM unnest($1::uuid[], $2::date[]) AS k (scheme_id, day)
         JOIN scheme_versions v ON v.scheme_id = k.scheme_id AND v.status = 'PUBLISHED'
          AND v.effective_from <= k.day AND (v.effective_to IS NULL OR v.effective_to >= k.day)
         ORDER BY k.scheme_id, k.day, v.version_number DESC`,
        [asked.map((k) => k.id), asked.map((k) => k.on)],
      );
      for (const row of rows) found.set(datedKey({ id: row.scheme_id, on: row.day }), row.id);
    }
    const versions = new Map((await this.versionsByIds([...found.values()])).map((v) => [v.id, v]));
    return new Map(keys.map((key) => [key, versions.get(found.get(datedKey(key)) ?? '') ?? null]));
  }

  /** For each company: its own group schemes and the schemes its members hold policies on. */
  async ofCompanies(companyIds: readonly string[]): Promise<Map<string, Scheme[]>> {
    const valid = uuidsOf(companyIds);
    const byCompany = new Map<string, Scheme[]>(companyIds.map((id) => [id, []]));
    if (valid.length === 0) return byCompany;
    const pairs: { company_id: string; scheme_id: string }[] = await this.dataSource.query(
      `SELECT company_id, id AS scheme_id FROM schemes WHERE company_id = ANY($1)
       UNION
       SELECT DISTINCT company_id, scheme_id FROM policies WHERE company_id = ANY($1)`,
      [valid],
    );
    const schemes = new Map((await this.byIds(pairs.map((p) => p.scheme_id))).map((s) => [s.id, s]));
    for (const pair of pairs) byCompany.get(pair.company_id)?.push(schemes.get(pair.scheme_id)!);
    for (const list of byCompany.values()) list.sort((a, b) => a.code.localeCompare(b.code));
    return byCompany;
  }

  list(filter: SchemeFilter | undefined, page: PageArgs): Promise<Page<Scheme>> {
    const query = this.schemes.createQueryBuilder('scheme');
    if (filter?.status) query.andWhere('scheme.status = :status', { status: filter.status });
    if (filter?.companyId) {
      if (!isUuid(filter.companyId)) query.andWhere('false');
      else query.andWhere('scheme.company_id = :companyId', { companyId: filter.companyId });
    }
    if (filter?.openToAll === true) query.andWhere('scheme.company_id IS NULL');
    if (filter?.openToAll === false) query.andWhere('scheme.company_id IS NOT NULL');
    if (filter?.search) {
      query.andWhere('(scheme.code ILIKE :search OR scheme.name ILIKE :search)', { search: `%${filter.search.replace(/[%_\\]/g, '\\$&')}%` });
    }
    return paginate(query, 'scheme', { column: 'code', property: 'code', direction: 'ASC' }, page);
  }
}

/** Copies a version's benefits (with their sub-limits and quantity limits) and rating factors into another. */
async function copyTerms(manager: EntityManager, fromVersionId: string, toVersionId: string): Promise<void> {
  const benefits = await manager.find(Benefit, { where: { versionId: fromVersionId }, order: { position: 'ASC' } });
  const newIds = new Map(benefits.map((b) => [b.id, randomUUID()]));
  const strip = <T extends { id: string; versionId: string }>(row: T) => {
    const { id: _id, versionId: _version, ...rest } = row;
    return rest;
  };
  if (benefits.length > 0) {
    await manager.insert(
      Benefit,
      benefits.map((b) => {
        const { createdAt: _c, updatedAt: _u, ...terms } = strip(b);
        return { ...terms, id: newIds.get(b.id)!, versionId: toVersionId };
      }),
    );
    const subLimits = await manager.findBy(BenefitSubLimit, { versionId: fromVersionId });
    if (subLimits.length > 0) {
      await manager.insert(
        BenefitSubLimit,
        subLimits.map((s) => ({ ...strip(s), versionId: toVersionId, benefitId: newIds.get(s.benefitId)! })),
      );
    }
    const quantityLimits = await manager.findBy(BenefitQuantityLimit, { versionId: fromVersionId });
    if (quantityLimits.length > 0) {
      await manager.insert(
        BenefitQuantityLimit,
        quantityLimits.map((q) => ({ ...strip(q), versionId: toVersionId, benefitId: newIds.get(q.benefitId)! })),
      );
    }
  }
  const factors = await manager.findBy(RatingFactor, { versionId: fromVersionId });
  if (factors.length > 0) await manager.insert(RatingFactor, factors.map((f) => ({ ...strip(f), versionId: toVersionId })));
}
