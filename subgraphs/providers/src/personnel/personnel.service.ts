import { Brackets, In, type DataSource } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { runIdempotent } from '../../../../kit/idempotency';
import { isUuid } from '../../../../kit/ids';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import { normaliseNumber } from '../licence/licence.rules';
import { Provider } from '../provider/provider.entity';
import { likePattern } from '../provider/provider.service';
import { MedicalPersonnel } from './personnel.entity';
import type { PersonnelFilter, RegisterPersonnelInput } from './personnel.input';
import { checkPersonnel } from './personnel.rules';

const PERSONNEL_ORDER: KeysetSort<MedicalPersonnel> = { column: 'last_name', property: 'lastName', direction: 'ASC' };

/** Health workers and the providers they practise at. */
export class PersonnelService {
  constructor(private readonly dataSource: DataSource) {}

  private get personnel() {
    return this.dataSource.getRepository(MedicalPersonnel);
  }

  register(input: RegisterPersonnelInput, idempotencyKey?: string | null): Promise<MedicalPersonnel> {
    return runIdempotent(this.dataSource, {
      operation: 'registerPersonnel',
      key: idempotencyKey,
      request: input,
      load: (id) => this.get(id),
      run: async (manager) => {
        const registrationNumber = normaliseNumber(input.registrationNumber);
        const violations = new Violations();
        const contact = checkPersonnel({ ...input, registrationNumber }, violations);
        const provider = isUuid(input.providerId) ? await manager.findOneBy(Provider, { id: input.providerId }) : null;
        if (!provider) violations.add('providerId', 'EXISTS', `provider ${input.providerId} does not exist`);
        violations.throwIfAny();
        const duplicate = () =>
          new ConflictError(`${input.registrationBody} registration ${registrationNumber} is already recorded`, { field: 'registrationNumber', rule: 'UNIQUE' });
        if (await manager.existsBy(MedicalPersonnel, { registrationBody: input.registrationBody, registrationNumber })) throw duplicate();
        const person = manager.create(MedicalPersonnel, {
          providerId: provider!.id,
          firstName: input.firstName.trim(),
          lastName: input.lastName.trim(),
          cadre: input.cadre,
          registrationBody: input.registrationBody,
          registrationNumber,
          specialty: input.specialty?.trim() || null,
          email: contact.email,
          phone: contact.phone,
        });
        try {
          await manager.insert(MedicalPersonnel, person);
        } catch (error) {
          if ((error as { code?: string }).code === '23505') throw duplicate();
          throw error;
        }
        return person.id;
      },
    });
  }

  async get(id: string): Promise<MedicalPersonnel> {
    const person = isUuid(id) ? await this.personnel.findOneBy({ id }) : null;
    if (!person) throw new NotFoundError('MedicalPersonnel', id);
    return person;
  }

  byIds(ids: readonly string[]): Promise<MedicalPersonnel[]> {
    return this.personnel.findBy({ id: In([...ids]) });
  }

  ofProviders(providerIds: readonly string[]): Promise<MedicalPersonnel[]> {
    return this.personnel.find({ where: { providerId: In([...providerIds]) }, order: { lastName: 'ASC', firstName: 'ASC', id: 'ASC' } });
  }

  search(filter: PersonnelFilter | undefined, page: PageArgs): Promise<Page<MedicalPersonnel>> {
    const query = this.personnel.createQueryBuilder('person');
    if (filter?.providerId) {
      // A malformed id names no provider: an empty page rather than a database error.
      query.andWhere(isUuid(filter.providerId) ? 'person.provider_id = :providerId' : 'false', { providerId: filter.providerId });
    }
    if (filter?.cadre) query.andWhere('person.cadre = :cadre', { cadre: filter.cadre });
    if (filter?.registrationBody) query.andWhere('person.registration_body = :body', { body: filter.registrationBody });
    if (filter?.specialty?.trim()) query.andWhere('person.specialty ILIKE :specialty', { specialty: likePattern(filter.specialty) });
    if (filter?.search?.trim()) {
      const like = likePattern(filter.search);
      query.andWhere(
        new Brackets((q) =>
          q
            .where(`(person.first_name || ' ' || person.last_name) ILIKE :like`, { like })
            .orWhere('person.registration_number ILIKE :like'),
        ),
      );
    }
    return paginate(query, 'person', PERSONNEL_ORDER, page);
  }
}
