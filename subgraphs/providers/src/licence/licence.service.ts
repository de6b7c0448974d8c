import { In, type DataSource } from 'typeorm';
import { ConflictError, InvalidTransitionError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { ProviderStatus } from '../provider/provider.entity';
import { recordProviderChange } from '../provider/provider.events';
import { lockProvider } from '../provider/provider.service';
import { ProviderAccreditation } from './accreditation.entity';
import { ProviderLicence } from './licence.entity';
import type { AddAccreditationInput, AddLicenceInput } from './licence.input';
import { checkAccreditation, checkLicence, normaliseNumber } from './licence.rules';

/** Licences and accreditations of providers: recorded, never edited. */
export class LicenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: () => string,
  ) {}

  /** Records a licence (a renewal is a new licence) and publishes the provider's new state. */
  addLicence(input: AddLicenceInput, actorId: string, idempotencyKey?: string | null): Promise<ProviderLicence> {
    return runIdempotent(this.dataSource, {
      operation: 'addLicence',
      key: idempotencyKey,
      request: input,
      load: (id) => this.getLicence(id),
      run: async (manager) => {
        const provider = await lockProvider(manager, input.providerId);
        if (provider.status === ProviderStatus.CLOSED) {
          throw new InvalidTransitionError('provider', provider.status, 'license', 'the provider is CLOSED');
        }
        const number = normaliseNumber(input.number);
        const violations = new Violations();
        checkLicence({ number, validFrom: input.validFrom, validTo: input.validTo }, violations);
        violations.throwIfAny();
        if (await manager.existsBy(ProviderLicence, { issuingBody: input.issuingBody, number })) {
          throw new ConflictError(`${input.issuingBody} licence ${number} is already recorded`, { field: 'number', rule: 'UNIQUE' });
        }
        const licence = manager.create(ProviderLicence, {
          providerId: provider.id,
          issuingBody: input.issuingBody,
          number,
          validFrom: input.validFrom,
          validTo: input.validTo,
          recordedBy: actorId,
        });
        await manager.insert(ProviderLicence, licence);
        await recordProviderChange(manager, provider.id);
        return licence.id;
      },
    });
  }

  addAccreditation(input: AddAccreditationInput, actorId: string, idempotencyKey?: string | null): Promise<ProviderAccreditation> {
    return runIdempotent(this.dataSource, {
      operation: 'addAccreditation',
      key: idempotencyKey,
      request: input,
      load: async (id) => this.dataSource.getRepository(ProviderAccreditation).findOneByOrFail({ id }),
      run: async (manager) => {
        const provider = await lockProvider(manager, input.providerId);
        const violations = new Violations();
        checkAccreditation(input, this.today(), violations);
        violations.throwIfAny();
        const accreditation = manager.create(ProviderAccreditation, {
          providerId: provider.id,
          body: input.body.trim(),
          level: input.level?.trim() || null,
          awardedOn: input.awardedOn,
          expiresOn: input.expiresOn ?? null,
          recordedBy: actorId,
        });
        await manager.insert(ProviderAccreditation, accreditation);
        return accreditation.id;
      },
    });
  }

  private async getLicence(id: string): Promise<ProviderLicence> {
    const licence = await this.dataSource.getRepository(ProviderLicence).findOneBy({ id });
    if (!licence) throw new NotFoundError('Licence', id);
    return licence;
  }

  licencesOf(providerIds: readonly string[]): Promise<ProviderLicence[]> {
    return this.dataSource.getRepository(ProviderLicence).find({
      where: { providerId: In([...providerIds]) },
      order: { validFrom: 'ASC', number: 'ASC' },
    });
  }

  accreditationsOf(providerIds: readonly string[]): Promise<ProviderAccreditation[]> {
    return this.dataSource.getRepository(ProviderAccreditation).find({
      where: { providerId: In([...providerIds]) },
      order: { awardedOn: 'ASC', id: 'ASC' },
    });
  }
}
