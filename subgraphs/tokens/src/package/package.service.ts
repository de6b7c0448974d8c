import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, Violations } from '../../../../kit/errors';
import { parseDecimal, type MoneyInput } from '../../../../kit/money';
import type { CreateTokenPackageInput, UpdateTokenPackageInput } from './package.input';
import { TokenPackage } from './token-package.entity';

const CODE = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;
const MAX_PACKAGE_TOKENS = 1_000_000_000;

/** The token packages on sale. */
export class PackageService {
  constructor(private readonly dataSource: DataSource) {}

  private get packages() {
    return this.dataSource.getRepository(TokenPackage);
  }

  async create(input: CreateTokenPackageInput): Promise<TokenPackage> {
    const violations = new Violations();
    const code = (input.code ?? '').trim().toUpperCase();
    if (!CODE.test(code)) violations.add('input.code', 'VALID_CODE', 'must be 2-40 upper-case letters, digits, _ or -');
    const fields = checkFields(violations, input);
    violations.throwIfAny();
    const id = randomUUID();
    const inserted = await this.dataSource.query(
      `INSERT INTO token_packages (id, code, name, tokens, price_minor, currency) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [id, code, fields.name, fields.tokens, fields.priceMinor, fields.currency],
    );
    if (inserted.length === 0) throw new ConflictError(`input.code: package ${code} already exists`, { field: 'input.code', rule: 'UNIQUE_CODE' });
    return this.packages.findOneByOrFail({ id });
  }

  async update(code: string, input: UpdateTokenPackageInput): Promise<TokenPackage> {
    const pkg = await this.byCode(code);
    const violations = new Violations();
    const fields = checkFields(violations, { name: input.name ?? pkg.name, tokens: input.tokens ?? pkg.tokens, price: input.price ?? null });
    violations.throwIfAny();
    await this.packages.update(
      { id: pkg.id },
      {
        name: fields.name,
        tokens: fields.tokens,
        ...(input.price ? { priceMinor: fields.priceMinor, currency: fields.currency } : {}),
        ...(input.active === null || input.active === undefined ? {} : { active: input.active }),
        updatedAt: new Date(),
      },
    );
    return this.packages.findOneByOrFail({ id: pkg.id });
  }

  async byCode(code: string, manager?: EntityManager): Promise<TokenPackage> {
    const normalised = (code ?? '').trim().toUpperCase();
    const pkg = await (manager ?? this.dataSource.manager).getRepository(TokenPackage).findOneBy({ code: normalised });
    if (!pkg) throw new NotFoundError('TokenPackage', normalised);
    return pkg;
  }

  /** A package that can be bought now; an inactive one is refused naming the field. */
  async purchasable(code: string, manager?: EntityManager, field = 'packageCode'): Promise<TokenPackage> {
    const pkg = await this.byCode(code, manager);
    if (!pkg.active) new Violations().add(field, 'ACTIVE_PACKAGE', `package ${pkg.code} is no longer on sale`).throwIfAny();
    return pkg;
  }

  list(includeInactive: boolean): Promise<TokenPackage[]> {
    return this.packages.find({ where: includeInactive ? {} : { active: true }, order: { tokens: 'ASC', code: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<TokenPackage[]> {
    return this.packages.findBy({ id: In([...ids]) });
  }
}

function checkFields(
  violations: Violations,
  input: { name: string; tokens: number; price: MoneyInput | null },
): { name: string; tokens: number; priceMinor: number; currency: string } {
  const name = (input.name ?? '').trim();
  if (name.length < 2 || name.length > 120) violations.add('input.name', 'LENGTH', 'must be 2-120 characters');
  if (!Number.isSafeInteger(input.tokens) || input.tokens <= 0 || input.tokens > MAX_PACKAGE_TOKENS) {
    violations.add('input.tokens', 'POSITIVE', `must be a whole number from 1 to ${MAX_PACKAGE_TOKENS}`);
  }
  let priceMinor = 0;
  const currency = (input.price?.currency ?? '').trim().toUpperCase();
  if (input.price) {
    if (!/^[A-Z]{3}$/.test(currency)) violations.add('input.price.currency', 'VALID_CURRENCY', 'must be an ISO 4217 code such as KES');
    try {
      priceMinor = parseDecimal(input.price.amount, currency || 'KES');
      if (priceMinor <= 0) violations.add('input.price.amount', 'POSITIVE', 'must be above 0');
    } catch (error) {
      violations.add('input.price.amount', 'VALID_AMOUNT', error instanceof Error ? error.message : 'is not an amount');
    }
  }
  return { name, tokens: input.tokens, priceMinor, currency };
}
