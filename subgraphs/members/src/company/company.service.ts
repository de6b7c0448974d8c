import { In, type DataSource } from 'typeorm';
import { normaliseEmail, normaliseKenyanPhone } from '../../../../kit/contact';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { isKenyanCounty } from '../../../../kit/kenya';
import { paginate, type PageArgs, type Page } from '../../../../kit/pagination';
import { Company, CompanyStatus } from './company.entity';
import type { CompanyFilter, CreateCompanyInput } from './company.input';

export class CompanyService {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(Company);
  }

  async create(input: CreateCompanyInput): Promise<Company> {
    const violations = new Violations();
    const email = normaliseEmail(input.email);
    if (!email) violations.add('email', 'VALID_EMAIL', `"${input.email}" is not an e-mail address`);
    const phone = normaliseKenyanPhone(input.phone);
    if (!phone) violations.add('phone', 'VALID_KENYAN_PHONE', `"${input.phone}" is not a Kenyan phone number`);
    if (!isKenyanCounty(input.county)) violations.add('county', 'KENYAN_COUNTY', `"${input.county}" is not a county of Kenya`);
    violations.throwIfAny();
    const registrationNumber = input.registrationNumber.trim().toUpperCase();
    if (await this.repository.existsBy({ registrationNumber })) {
      throw new ConflictError(`A company with registration number ${registrationNumber} already exists`, {
        field: 'registrationNumber',
        rule: 'UNIQUE',
      });
    }
    return this.repository.save(
      this.repository.create({
        name: input.name.trim(),
        registrationNumber,
        industry: input.industry?.trim() || null,
        email: email!,
        phone: phone!,
        county: input.county,
        status: CompanyStatus.ACTIVE,
        childMaxAge: input.childMaxAge,
        parentMaxAge: input.parentMaxAge,
        maxSpouses: input.maxSpouses,
      }),
    );
  }

  async get(id: string): Promise<Company> {
    const company = await this.repository.findOneBy({ id });
    if (!company) throw new NotFoundError('Company', id);
    return company;
  }

  byIds(ids: readonly string[]): Promise<Company[]> {
    return this.repository.findBy({ id: In([...ids]) });
  }

  list(filter: CompanyFilter | undefined, page: PageArgs): Promise<Page<Company>> {
    const query = this.repository.createQueryBuilder('company');
    if (filter?.status) query.andWhere('company.status = :status', { status: filter.status });
    if (filter?.search) {
      query.andWhere('(company.name ILIKE :search OR company.registration_number ILIKE :search)', {
        search: `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`,
      });
    }
    return paginate(query, 'company', { column: 'name', property: 'name', direction: 'ASC' }, page);
  }
}
