import { In, LessThanOrEqual, Not, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { isUuid } from '../../../../kit/ids';
import { isCurrencyCode } from '../../../../kit/money';
import { Provider } from '../provider/provider.entity';
import { lockProvider } from '../provider/provider.service';
import { ContractStatus, ProviderContract } from './contract.entity';
import { recordContractChange, recordContractSnapshots } from './contract.events';
import type { CreateContractInput, ReviseContractTariffsInput, TerminateContractInput } from './contract.input';
import { checkContractPeriod, planActivation, planRevision, planTermination, readTariffs, tariffOn } from './contract.rules';
import { ContractTariff } from './tariff.entity';

/** Contract numbers read `PC-<year>-<serial>`, e.g. PC-2026-00042; every revision keeps its number. */
export function formatContractNumber(year: string, serial: number): string {
  return `PC-${year}-${String(serial).padStart(5, '0')}`;
}

const EXCLUSION_VIOLATION = '23P01';

/** Contracts, their revisions and tariffs. Every write is one transaction and records the contract's new state. */
export class ContractService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly today: () => string,
  ) {}

  private get contracts() {
    return this.dataSource.getRepository(ProviderContract);
  }

  /** Drafts a contract with its tariffs; prices apply once it is activated. */
  create(input: CreateContractInput, actorId: string, idempotencyKey?: string | null): Promise<ProviderContract> {
    return runIdempotent(this.dataSource, {
      operation: 'createContract',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const currency = input.currency.trim().toUpperCase();
        const violations = new Violations();
        const provider = isUuid(input.providerId) ? await manager.findOneBy(Provider, { id: input.providerId }) : null;
        if (!provider) violations.add('providerId', 'EXISTS', `provider ${input.providerId} does not exist`);
        checkContractPeriod(input, violations);
        if (!isCurrencyCode(currency)) violations.add('currency', 'CURRENCY_CODE', `"${input.currency}" is not an ISO 4217 currency code`);
        const tariffs = isCurrencyCode(currency) ? readTariffs(input.tariffs, currency, violations) : [];
        violations.throwIfAny();
        const [{ serial }] = await manager.query(`SELECT nextval('contract_number_seq')::int AS serial`);
        const contract = manager.create(ProviderContract, {
          contractNumber: formatContractNumber(input.validFrom.slice(0, 4), serial),
          revision: 1,
          supersedesId: null,
          providerId: provider!.id,
          status: ContractStatus.DRAFT,
          validFrom: input.validFrom,
          validTo: input.validTo,
          endDate: null,
          endReason: null,
          currency,
          createdBy: actorId,
          version: 1,
        });
        await manager.insert(ProviderContract, contract);
        await this.insertTariffs(manager, contract, tariffs);
        await recordContractSnapshots(manager, [contract.id]);
        return contract.id;
      },
    });
  }

  /** DRAFT → ACTIVE, when no other contract sets the provider's prices on any of its days. */
  async activate(contractId: string, actorId: string): Promise<ProviderContract> {
    await this.dataSource.transaction(async (manager) => {
      const { contract, provider } = await this.lockWithProvider(manager, contractId);
      const others = await manager.find(ProviderContract, { where: { providerId: provider.id, status: Not(ContractStatus.DRAFT) } });
      planActivation({ contract, provider, others });
      await this.translateOverlap(() => manager.update(ProviderContract, { id: contract.id }, { status: ContractStatus.ACTIVE, activatedBy: actorId }));
      await recordContractChange(manager, contract.id);
    });
    return this.get(contractId);
  }

  /** ACTIVE → TERMINATED: the prices apply through the termination date, and still answer for those days. */
  async terminate(input: TerminateContractInput, actorId: string): Promise<ProviderContract> {
    await this.dataSource.transaction(async (manager) => {
      const { contract } = await this.lockWithProvider(manager, input.contractId);
      const terminationDate = input.terminationDate ?? this.today();
      const violations = new Violations();
      planTermination(contract, terminationDate, violations);
      violations.throwIfAny();
      await manager.update(
        ProviderContract,
        { id: contract.id },
        { status: ContractStatus.TERMINATED, endDate: terminationDate, endReason: input.reason.trim(), terminatedBy: actorId },
      );
      await recordContractChange(manager, contract.id);
    });
    return this.get(input.contractId);
  }

  /**
   * New prices from a day: the current revision ends the day before (it stays ACTIVE, and its prices
   * still answer for its days) and a new ACTIVE revision carries every price, changed or not, to the
   * end of the period.
   */
  revise(input: ReviseContractTariffsInput, actorId: string, idempotencyKey?: string | null): Promise<ProviderContract> {
    return runIdempotent(this.dataSource, {
      operation: 'reviseContractTariffs',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const { contract } = await this.lockWithProvider(manager, input.contractId);
        const current = await manager.find(ContractTariff, { where: { contractId: contract.id } });
        const violations = new Violations();
        const changes = readTariffs(input.tariffs, contract.currency, violations);
        const plan = planRevision({ ...contract, tariffs: current }, input.effectiveFrom, changes, violations);
        violations.throwIfAny();
        const [{ latest }] = await manager.query(`SELECT max(revision)::int AS latest FROM provider_contracts WHERE contract_number = $1`, [contract.contractNumber]);
        await manager.update(
          ProviderContract,
          { id: contract.id },
          { endDate: plan.previousEnds, endReason: `Superseded by revision ${latest + 1} from ${input.effectiveFrom}` },
        );
        await recordContractChange(manager, contract.id);
        const next = manager.create(ProviderContract, {
          contractNumber: contract.contractNumber,
          revision: latest + 1,
          supersedesId: contract.id,
          providerId: contract.providerId,
          status: ContractStatus.DRAFT,
          validFrom: input.effectiveFrom,
          validTo: contract.validTo,
          endDate: null,
          endReason: null,
          currency: contract.currency,
          createdBy: actorId,
          version: 1,
        });
        await manager.insert(ProviderContract, next);
        await this.insertTariffs(manager, next, plan.tariffs);
        // Drafted and agreed in one step: the revision only exists once it is in force.
        await this.translateOverlap(() => manager.update(ProviderContract, { id: next.id }, { status: ContractStatus.ACTIVE, activatedBy: actorId }));
        await recordContractSnapshots(manager, [next.id]);
        return next.id;
      },
    });
  }

  private async insertTariffs(manager: EntityManager, contract: ProviderContract, tariffs: { serviceCode: string; priceMinor: number }[]): Promise<void> {
    if (tariffs.length === 0) return;
    await manager.insert(
      ContractTariff,
      tariffs.map((t) => ({ contractId: contract.id, serviceCode: t.serviceCode, currency: contract.currency, priceMinor: t.priceMinor })),
    );
  }

  /** Locks the provider, then the contract (always in that order, so concurrent changes cannot deadlock). */
  private async lockWithProvider(manager: EntityManager, contractId: string): Promise<{ contract: ProviderContract; provider: Provider }> {
    const found = isUuid(contractId) ? await manager.findOneBy(ProviderContract, { id: contractId }) : null;
    if (!found) throw new NotFoundError('Contract', contractId);
    const provider = await lockProvider(manager, found.providerId);
    const contract = await manager.findOneOrFail(ProviderContract, { where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
    return { contract, provider };
  }

  /** The database's exclusion constraint is the last word on overlapping contracts; say so readably. */
  private async translateOverlap<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code === EXCLUSION_VIOLATION) {
        throw new ConflictError('Another contract already sets this provider\'s prices on some of these days', { field: 'contractId', rule: 'ONE_CONTRACT_IN_FORCE' });
      }
      throw error;
    }
  }

  /** The agreed price of a service at a provider on a day, with the contract revision it comes from. */
  async tariffOn(providerId: string, serviceCode: string, on: string): Promise<ContractTariff | null> {
    if (!isUuid(providerId)) return null;
    const contracts = await this.contracts.find({
      where: { providerId, status: Not(ContractStatus.DRAFT), validFrom: LessThanOrEqual(on) },
    });
    if (contracts.length === 0) return null;
    const tariffs = await this.dataSource.getRepository(ContractTariff).find({
      where: { contractId: In(contracts.map((c) => c.id)), serviceCode: serviceCode.trim().toUpperCase() },
    });
    const priced = contracts.map((c) => ({ ...c, tariffs: tariffs.filter((t) => t.contractId === c.id) }));
    return tariffOn(priced, serviceCode.trim().toUpperCase(), on)?.tariff ?? null;
  }

  async get(id: string): Promise<ProviderContract> {
    const contract = isUuid(id) ? await this.contracts.findOneBy({ id }) : null;
    if (!contract) throw new NotFoundError('Contract', id);
    return contract;
  }

  byIds(ids: readonly string[]): Promise<ProviderContract[]> {
    return this.contracts.findBy({ id: In([...ids]) });
  }

  ofProviders(providerIds: readonly string[]): Promise<ProviderContract[]> {
    return this.contracts.find({ where: { providerId: In([...providerIds]) }, order: { validFrom: 'ASC', revision: 'ASC' } });
  }

  tariffsOf(contractIds: readonly string[]): Promise<ContractTariff[]> {
    return this.dataSource.getRepository(ContractTariff).find({ where: { contractId: In([...contractIds]) }, order: { serviceCode: 'ASC' } });
  }
}
