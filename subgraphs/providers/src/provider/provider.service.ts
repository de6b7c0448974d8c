import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { isUuid } from '../../../../kit/ids';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { normaliseNumber } from '../licence/licence.rules';
import { ProviderEvent, ProviderEventType } from './provider-event.entity';
import { Provider, ProviderStatus } from './provider.entity';
import { recordProviderChange, recordProviderSnapshots } from './provider.events';
import type { BlacklistChangeInput, ProviderFilter, RegisterProviderInput, UpdateProviderStatusInput } from './provider.input';
import { checkEffectiveDate, checkNewProvider, planBlacklistChange, planStatusChange } from './provider.rules';

const PROVIDER_ORDER: KeysetSort<Provider> = { column: 'name', property: 'name', direction: 'ASC' };

/** Locks a provider's row for the rest of the transaction: every change to a provider goes through here first. */
export async function lockProvider(manager: EntityManager, providerId: string): Promise<Provider> {
  const provider = isUuid(providerId) ? await manager.findOne(Provider, { where: { id: providerId }, lock: { mode: 'pessimistic_write' } }) : null;
  if (!provider) throw new NotFoundError('Provider', providerId);
  return provider;
}

/** Escapes LIKE wildcards in a search term. */
export function likePattern(term: string): string {
  return `%${term.trim().replace(/[%_\\]/g, '\\$&')}%`;
}

/** Registration, standing (status, blacklisting) and look-ups of providers. Every write is one transaction. */
export class ProviderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: () => string,
  ) {}

  private get providers() {
    return this.dataSource.getRepository(Provider);
  }

  async register(input: RegisterProviderInput, actorId: string, idempotencyKey?: string | null): Promise<Provider> {
    return runIdempotent(this.dataSource, {
      operation: 'registerProvider',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const registrationNumber = normaliseNumber(input.registrationNumber);
        const registeredOn = input.registeredOn ?? this.today();
        const violations = new Violations();
        const contact = checkNewProvider({ ...input, registrationNumber }, violations);
        checkEffectiveDate(registeredOn, this.today(), violations, 'registeredOn');
        violations.throwIfAny();
        if (await manager.existsBy(Provider, { registrationNumber })) throw duplicateRegistration(registrationNumber);
        const provider = manager.create(Provider, {
          name: input.name.trim(),
          registrationNumber,
          type: input.type,
          county: input.county,
          physicalAddress: input.physicalAddress?.trim() || null,
          email: contact.email!,
          phone: contact.phone!,
          contactPerson: input.contactPerson?.trim() || null,
          status: ProviderStatus.ACTIVE,
          blacklisted: false,
          version: 1,
        });
        try {
          await manager.insert(Provider, provider);
        } catch (error) {
          if ((error as { code?: string }).code === '23505') throw duplicateRegistration(registrationNumber);
          throw error;
        }
        await this.record(manager, provider.id, ProviderEventType.REGISTERED, null, ProviderStatus.ACTIVE, actorId, 'Registered as a provider', registeredOn);
        await recordProviderSnapshots(manager, [provider.id]);
        return provider.id;
      },
    });
  }

  /** ACTIVE ⇄ SUSPENDED, or either → CLOSED; recorded in the history with who and why. */
  async updateStatus(input: UpdateProviderStatusInput, actorId: string): Promise<Provider> {
    await this.dataSource.transaction(async (manager) => {
      const provider = await lockProvider(manager, input.providerId);
      const effectiveDate = input.effectiveDate ?? this.today();
      planStatusChange(provider.status, input.status);
      const violations = new Violations();
      checkEffectiveDate(effectiveDate, this.today(), violations);
      violations.throwIfAny();
      await manager.update(Provider, { id: provider.id }, { status: input.status });
      await this.record(manager, provider.id, ProviderEventType.STATUS_CHANGED, provider.status, input.status, actorId, input.reason.trim(), effectiveDate);
      await recordProviderChange(manager, provider.id);
    });
    return this.get(input.providerId);
  }

  blacklist(input: BlacklistChangeInput, actorId: string): Promise<Provider> {
    return this.changeBlacklisting('blacklist', input, actorId);
  }

  liftBlacklist(input: BlacklistChangeInput, actorId: string): Promise<Provider> {
    return this.changeBlacklisting('lift', input, actorId);
  }

  private async changeBlacklisting(action: 'blacklist' | 'lift', input: BlacklistChangeInput, actorId: string): Promise<Provider> {
    await this.dataSource.transaction(async (manager) => {
      const provider = await lockProvider(manager, input.providerId);
      const effectiveDate = input.effectiveDate ?? this.today();
      const history = await manager.find(ProviderEvent, { where: { providerId: provider.id }, order: { recordedAt: 'ASC', effectiveDate: 'ASC', id: 'ASC' } });
      const violations = new Violations();
      planBlacklistChange(action, { blacklisted: provider.blacklisted, status: provider.status, history, effectiveDate, today: this.today() }, violations);
      violations.throwIfAny();
      await manager.update(Provider, { id: provider.id }, { blacklisted: action === 'blacklist' });
      const type = action === 'blacklist' ? ProviderEventType.BLACKLISTED : ProviderEventType.BLACKLIST_LIFTED;
      await this.record(manager, provider.id, type, provider.status, provider.status, actorId, input.reason.trim(), effectiveDate);
      await recordProviderChange(manager, provider.id);
    });
    return this.get(input.providerId);
  }

  private async record(
    manager: EntityManager,
    providerId: string,
    type: ProviderEventType,
    fromStatus: ProviderStatus | null,
    toStatus: ProviderStatus,
    actorId: string,
    reason: string,
    effectiveDate: string,
  ): Promise<void> {
    await manager.insert(ProviderEvent, { providerId, type, fromStatus, toStatus, actorId, reason, effectiveDate });
  }

  async get(id: string): Promise<Provider> {
    const provider = isUuid(id) ? await this.providers.findOneBy({ id }) : null;
    if (!provider) throw new NotFoundError('Provider', id);
    return provider;
  }

  byIds(ids: readonly string[]): Promise<Provider[]> {
    return this.providers.findBy({ id: In([...ids]) });
  }

  historyOf(providerIds: readonly string[]): Promise<ProviderEvent[]> {
    return this.dataSource.getRepository(ProviderEvent).find({
      where: { providerId: In([...providerIds]) },
      order: { recordedAt: 'ASC', effectiveDate: 'ASC', id: 'ASC' },
    });
  }

  search(filter: ProviderFilter | undefined, page: PageArgs): Promise<Page<Provider>> {
    const query = this.providers.createQueryBuilder('provider');
    if (filter?.type) query.andWhere('provider.type = :type', { type: filter.type });
    if (filter?.county) query.andWhere('provider.county = :county', { county: filter.county });
    if (filter?.status) query.andWhere('provider.status = :status', { status: filter.status });
    if (filter?.blacklisted !== undefined && filter?.blacklisted !== null) {
      query.andWhere('provider.blacklisted = :blacklisted', { blacklisted: filter.blacklisted });
    }
    if (filter?.networkCode) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM network_memberships m JOIN provider_networks n ON n.id = m.network_id
                 WHERE m.provider_id = provider.id AND n.code = :networkCode
                   AND m.joined_on <= :today AND (m.left_on IS NULL OR m.left_on >= :today))`,
        { networkCode: filter.networkCode.trim().toUpperCase(), today: this.today() },
      );
    }
    if (filter?.search?.trim()) {
      const like = likePattern(filter.search);
      query.andWhere(new Brackets((q) => q.where('provider.name ILIKE :like', { like }).orWhere('provider.registration_number ILIKE :like')));
    }
    return paginate(query, 'provider', PROVIDER_ORDER, page);
  }
}

function duplicateRegistration(registrationNumber: string): ConflictError {
  return new ConflictError(`A provider with registration number ${registrationNumber} already exists`, { field: 'registrationNumber', rule: 'UNIQUE' });
}
