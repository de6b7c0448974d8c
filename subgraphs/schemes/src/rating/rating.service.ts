import { In, type DataSource } from 'typeorm';
import { Violations } from '../../../../kit/errors';
import { isKenyanCounty } from '../../../../kit/kenya';
import { Money } from '../../../../kit/money';
import { formatBasisPoints, readAmount } from '../amounts';
import type { Gender } from '../gender';
import { uuidsOf } from '../../../../kit/ids';
import { lockDraftVersion } from '../scheme/draft-version';
import type { SchemeService } from '../scheme/scheme.service';
import { SchemeVersion } from '../scheme/scheme-version.entity';
import { priceQuote } from './pricing';
import { PremiumQuote, PremiumQuoteLine, PremiumQuotePerson } from './quote.types';
import { RatingFactor } from './rating-factor.entity';
import type { QuotePremiumInput, SetRatingInput } from './rating.input';
import { checkRatingFactors, MAX_FAMILY_SIZE, MAX_RATED_AGE } from './rating.rules';

/** Rating tables of scheme versions, and quotes priced from them. */
export class RatingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schemes: SchemeService,
    private readonly today: () => string,
  ) {}

  /** Replaces a draft version's base premium and rating factors. */
  async setRating(input: SetRatingInput): Promise<SchemeVersion> {
    await this.dataSource.transaction(async (manager) => {
      const { version } = await lockDraftVersion(manager, input.versionId, 'set the rating');
      const violations = new Violations();
      const base = readAmount(input.baseMonthlyPremium, 'baseMonthlyPremium', version.currency, violations);
      const factors = checkRatingFactors(input.factors, violations);
      violations.throwIfAny();
      await manager.delete(RatingFactor, { versionId: version.id });
      if (factors.length > 0) {
        await manager.insert(RatingFactor, factors.map((f, i) => ({ ...f, versionId: version.id, position: i + 1 })));
      }
      await manager.update(SchemeVersion, { id: version.id }, { baseMonthlyPremiumMinor: base });
    });
    return this.schemes.getVersion(input.versionId);
  }

  async factorsOf(versionIds: readonly string[]): Promise<RatingFactor[]> {
    const valid = uuidsOf(versionIds);
    return valid.length
      ? this.dataSource.getRepository(RatingFactor).find({ where: { versionId: In(valid) }, order: { position: 'ASC' } })
      : [];
  }

  /** Prices cover for the given people from the rating table of a scheme's version in effect (or of a given version). */
  async quote(input: QuotePremiumInput): Promise<PremiumQuote> {
    const violations = new Violations();
    if (!input.schemeId === !input.schemeVersionId) {
      violations.add('schemeId', 'ONE_OF', 'give either schemeId or schemeVersionId');
    }
    if (input.people.length === 0) violations.add('people', 'AT_LEAST_ONE', 'name at least one person to cover');
    if (input.people.length > MAX_FAMILY_SIZE) violations.add('people', 'AT_MOST', `at most ${MAX_FAMILY_SIZE} people per quote`);
    input.people.forEach((person, i) => {
      if (person.age < 0 || person.age > MAX_RATED_AGE) violations.add(`people[${i}].age`, 'AGE_RANGE', `must be 0 to ${MAX_RATED_AGE}`);
    });
    if (!isKenyanCounty(input.region)) violations.add('region', 'KENYAN_COUNTY', `"${input.region}" is not a county of Kenya`);
    violations.throwIfAny();

    const pricedOn = input.on ?? this.today();
    const version = await this.versionToPrice(input, pricedOn);
    if (version.baseMonthlyPremiumMinor === null) {
      violations.add('schemeVersionId', 'RATED', `version ${version.versionNumber} has no rating yet`).throwIfAny();
    }
    const factors = await this.factorsOf([version.id]);
    const priced = priceQuote(
      { baseMonthlyPremiumMinor: version.baseMonthlyPremiumMinor!, factors },
      {
        people: input.people,
        region: input.region,
        coverLevel: input.coverLevel,
        lifestyle: input.lifestyle,
        billingFrequency: input.billingFrequency,
      },
    );
    const money = (minor: number) => Money.of(minor, version.currency);
    return Object.assign(new PremiumQuote(), {
      schemeId: version.schemeId,
      schemeVersionId: version.id,
      versionNumber: version.versionNumber,
      pricedOn,
      region: input.region,
      coverLevel: input.coverLevel?.trim().toUpperCase() || null,
      billingFrequency: input.billingFrequency,
      monthsPerPeriod: priced.monthsPerPeriod,
      baseMonthlyPremium: money(priced.baseMonthlyPremiumMinor),
      monthlyPremium: money(priced.monthlyMinor),
      premiumPerPeriod: money(priced.perPeriodMinor),
      people: priced.people.map((person) =>
        Object.assign(new PremiumQuotePerson(), {
          index: person.index,
          age: person.age,
          gender: person.gender as Gender,
          lifestyle: person.lifestyle,
          monthlyPremium: money(person.monthlyMinor),
          premiumPerPeriod: money(person.perPeriodMinor),
          lines: person.lines.map((line) =>
            Object.assign(new PremiumQuoteLine(), {
              factor: line.factor,
              value: line.value,
              multiplierBps: line.multiplierBps,
              multiplier: formatBasisPoints(line.multiplierBps),
              premiumBefore: money(line.beforeMinor),
              premiumAfter: money(line.afterMinor),
              effect: money(line.afterMinor - line.beforeMinor),
            }),
          ),
        }),
      ),
    });
  }

  private async versionToPrice(input: QuotePremiumInput, on: string): Promise<SchemeVersion> {
    if (input.schemeVersionId) return this.schemes.getVersion(input.schemeVersionId);
    const scheme = await this.schemes.get(input.schemeId!);
    const key = { id: scheme.id, on };
    const version = (await this.schemes.versionsInEffect([key])).get(key);
    if (!version) {
      new Violations().add('schemeId', 'VERSION_IN_EFFECT', `scheme ${scheme.code} has no published version in effect on ${on}`).throwIfAny();
    }
    return version!;
  }
}

