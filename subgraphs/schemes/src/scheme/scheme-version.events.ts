import { In, type EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import {
  Benefit,
  BenefitLimitBasis,
  BenefitQuantityLimit,
  BenefitQuantityUnit,
  BenefitSubLimit,
  type BenefitCategory,
} from '../benefit/benefit.entity';
import type { Gender } from '../gender';
import { Scheme, type BenefitPeriod } from './scheme.entity';
import { SchemeVersion, SchemeVersionStatus } from './scheme-version.entity';

export const SCHEME_VERSION_PUBLISHED = 'schemes.scheme-version.published';

export interface QuantityLimitPayload {
  /** Which services count; neither set means every service of the benefit. */
  serviceCategory: string | null;
  serviceCode: string | null;
  maxQuantity: number;
  /** What is counted (VISIT, ITEM, DAY, SESSION) and over how many days; perDays null is once per benefit period. */
  unit: BenefitQuantityUnit;
  perDays: number | null;
}

export interface BenefitPayload {
  id: string;
  code: string;
  name: string;
  category: BenefitCategory;
  annualLimitMinor: number;
  /** INDIVIDUAL: each covered person has the limit; FAMILY: the family on the policy shares it. */
  limitScope: 'INDIVIDUAL' | 'FAMILY';
  perVisitLimitMinor: number | null;
  subLimits: { name: string; serviceCategory: string | null; serviceCode: string | null; limitMinor: number }[];
  quantityLimits: QuantityLimitPayload[];
  maxVisitsPerPeriod: number | null;
  waitingPeriodDays: number;
  deductibleMinor: number;
  copayMinor: number;
  coinsuranceBps: number;
  requiresPreauthorisation: boolean;
  preauthorisationThresholdMinor: number | null;
  minAge: number | null;
  maxAge: number | null;
  gender: Gender | null;
  networkCodes: string[];
  exclusions: string[];
}

/** The terms of a published version: everything adjudication needs to pay a claim under it. */
export interface SchemeVersionPublishedPayload {
  id: string;
  schemeId: string;
  schemeCode: string;
  schemeName: string;
  versionNumber: number;
  currency: string;
  benefitPeriod: BenefitPeriod;
  effectiveFrom: string | null;
  overallAnnualLimitPerPersonMinor: number | null;
  overallAnnualLimitPerFamilyMinor: number | null;
  allowedNetworkCodes: string[];
  autoDenyCriticalRisk: boolean;
  benefits: BenefitPayload[];
}

/**
 * A VISIT limit over the whole benefit period on every service of the benefit is the benefit's
 * visit cap (`maxVisitsPerPeriod`); every other quantity limit is passed on as one.
 */
export function splitQuantityLimits(limits: Pick<BenefitQuantityLimit, 'unit' | 'maxQuantity' | 'perDays' | 'serviceCategory' | 'serviceCode'>[]): {
  maxVisitsPerPeriod: number | null;
  quantityLimits: QuantityLimitPayload[];
} {
  let maxVisitsPerPeriod: number | null = null;
  const quantityLimits: QuantityLimitPayload[] = [];
  for (const limit of limits) {
    const visitCap = limit.unit === BenefitQuantityUnit.VISIT && limit.perDays === null && !limit.serviceCategory && !limit.serviceCode;
    if (visitCap) maxVisitsPerPeriod = maxVisitsPerPeriod === null ? limit.maxQuantity : Math.min(maxVisitsPerPeriod, limit.maxQuantity);
    else {
      quantityLimits.push({
        serviceCategory: limit.serviceCategory ?? null,
        serviceCode: limit.serviceCode ?? null,
        maxQuantity: limit.maxQuantity,
        unit: limit.unit,
        perDays: limit.perDays,
      });
    }
  }
  return { maxVisitsPerPeriod, quantityLimits };
}

export function benefitPayload(benefit: Benefit, subLimits: BenefitSubLimit[], quantityLimits: BenefitQuantityLimit[]): BenefitPayload {
  const { maxVisitsPerPeriod, quantityLimits: limits } = splitQuantityLimits(quantityLimits);
  return {
    id: benefit.id,
    code: benefit.code,
    name: benefit.name,
    category: benefit.category,
    annualLimitMinor: benefit.annualLimitMinor,
    limitScope: benefit.limitBasis === BenefitLimitBasis.PER_FAMILY ? 'FAMILY' : 'INDIVIDUAL',
    perVisitLimitMinor: benefit.perVisitLimitMinor,
    subLimits: subLimits.map((s) => ({ name: s.name, serviceCategory: s.serviceCategory, serviceCode: s.serviceCode, limitMinor: s.limitMinor })),
    quantityLimits: limits,
    maxVisitsPerPeriod,
    waitingPeriodDays: benefit.waitingPeriodDays,
    deductibleMinor: benefit.deductibleMinor,
    copayMinor: benefit.copayMinor,
    coinsuranceBps: benefit.coinsuranceBps,
    // Schemes' terms read "pre-authorisation required, from this amount (or always when none)";
    // the event states the two cases apart: always, or from a threshold.
    requiresPreauthorisation: benefit.requiresPreauthorisation && benefit.preauthorisationThresholdMinor === null,
    preauthorisationThresholdMinor: benefit.requiresPreauthorisation ? benefit.preauthorisationThresholdMinor : null,
    minAge: benefit.minAge,
    maxAge: benefit.maxAge,
    gender: benefit.gender,
    networkCodes: benefit.networkCodes,
    exclusions: benefit.exclusions,
  };
}

/** Records `schemes.scheme-version.published` for each published version among these, in the caller's transaction. */
export async function recordVersionsPublished(manager: EntityManager, versionIds: string[]): Promise<void> {
  if (versionIds.length === 0) return;
  const versions = await manager.find(SchemeVersion, {
    where: { id: In(versionIds), status: SchemeVersionStatus.PUBLISHED },
    order: { schemeId: 'ASC', versionNumber: 'ASC' },
  });
  if (versions.length === 0) return;
  const ids = versions.map((v) => v.id);
  // One statement per table for all the versions (a transaction's statements run one at a time anyway).
  const schemes = await manager.findBy(Scheme, { id: In([...new Set(versions.map((v) => v.schemeId))]) });
  const benefits = await manager.find(Benefit, { where: { versionId: In(ids) }, order: { position: 'ASC' } });
  const subLimits = await manager.find(BenefitSubLimit, { where: { versionId: In(ids) }, order: { position: 'ASC' } });
  const quantityLimits = await manager.find(BenefitQuantityLimit, { where: { versionId: In(ids) }, order: { position: 'ASC' } });
  const schemeById = new Map(schemes.map((s) => [s.id, s]));
  for (const version of versions) {
    const scheme = schemeById.get(version.schemeId)!;
    const payload: SchemeVersionPublishedPayload = {
      id: version.id,
      schemeId: scheme.id,
      schemeCode: scheme.code,
      schemeName: scheme.name,
      versionNumber: version.versionNumber,
      currency: version.currency,
      benefitPeriod: scheme.benefitPeriod,
      effectiveFrom: version.effectiveFrom,
      overallAnnualLimitPerPersonMinor: version.overallAnnualLimitPerPersonMinor,
      overallAnnualLimitPerFamilyMinor: version.overallAnnualLimitPerFamilyMinor,
      allowedNetworkCodes: version.allowedNetworkCodes,
      autoDenyCriticalRisk: version.autoDenyCriticalRisk,
      benefits: benefits
        .filter((b) => b.versionId === version.id)
        .map((b) =>
          benefitPayload(
            b,
            subLimits.filter((s) => s.benefitId === b.id),
            quantityLimits.filter((q) => q.benefitId === b.id),
          ),
        ),
    };
    await recordEvent(manager, { type: SCHEME_VERSION_PUBLISHED, aggregateId: version.id, payload });
  }
}

/** Tells the other domains the terms of every published version again; returns how many. */
export async function republishVersions(manager: EntityManager): Promise<number> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM scheme_versions WHERE status = 'PUBLISHED' ORDER BY scheme_id, version_number`);
  for (let i = 0; i < rows.length; i += 50) await recordVersionsPublished(manager, rows.slice(i, i + 50).map((r) => r.id));
  return rows.length;
}
