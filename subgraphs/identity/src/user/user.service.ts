import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor, Grant, Role } from '../../../../kit/auth/identity';
import type { Clock } from '../../../../kit/clock';
import { NotFoundError, ValidationError, Violations } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { paginate, type KeysetSort, type Page, type PageArgs } from '../../../../kit/pagination';
import type { FamilyService } from '../family/family.service';
import { hashPassword, verifyPassword } from '../password/password';
import { checkPasswordPolicy } from '../password/password.policy';
import type { SessionService } from '../session/session.service';
import type { SignInService } from '../session/sign-in.service';
import { User, UserStatus } from './user.entity';
import { checkEmail, checkUserShape, distinct, normaliseEmail } from './user.rules';

const USER_ORDER: KeysetSort<User> = { column: 'email', property: 'email', direction: 'ASC' };
const UNIQUE_VIOLATION = '23505';

export interface NewStaffUser {
  email: string;
  displayName: string;
  roles: Role[];
  grants?: Grant[] | null;
  password: string;
}

export interface NewMemberUser {
  email: string;
  displayName: string;
  memberId: string;
  password: string;
}

/** Creating users, their roles and standing, and their passwords. */
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly signIn: SignInService,
    private readonly families: FamilyService,
    private readonly passwordHashCost: number,
    private readonly clock: Clock,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  /** A staff user, who sets up two-factor sign-in at the first sign-in. */
  async createStaff(input: NewStaffUser, actorId: string): Promise<User> {
    const roles = distinct(input.roles);
    const grants = distinct(input.grants);
    const email = normaliseEmail(input.email);
    const violations = new Violations();
    checkEmail(email, violations);
    checkUserShape({ kind: 'staff', roles, grants, memberId: null }, violations);
    checkPasswordPolicy(input.password, email, violations);
    violations.throwIfAny();
    return this.insert({ email, displayName: input.displayName.trim(), roles, grants, memberId: null }, input.password, actorId);
  }

  /** A member user for a member the members domain has told this one about. */
  async createMember(input: NewMemberUser, actorId: string): Promise<User> {
    const email = normaliseEmail(input.email);
    const violations = new Violations();
    checkEmail(email, violations);
    checkUserShape({ kind: 'member', roles: ['MEMBER'], grants: [], memberId: input.memberId }, violations);
    if (!isUuid(input.memberId) || !(await this.families.isKnown(this.dataSource.manager, input.memberId))) {
      violations.add('memberId', 'KNOWN_MEMBER', 'is not a member known to the identity service (yet)');
    }
    checkPasswordPolicy(input.password, email, violations);
    violations.throwIfAny();
    return this.insert({ email, displayName: input.displayName.trim(), roles: ['MEMBER'], grants: [], memberId: input.memberId }, input.password, actorId);
  }

  private async insert(fields: Pick<User, 'email' | 'displayName' | 'roles' | 'grants' | 'memberId'>, password: string, actorId: string): Promise<User> {
    const passwordHash = await hashPassword(password, this.passwordHashCost);
    const user = this.users.create({
      ...fields,
      status: UserStatus.ACTIVE,
      passwordHash,
      passwordChangedAt: this.clock.now(),
      failedSignIns: 0,
      lockedUntil: null,
      totpSecret: null,
      totpEnabled: false,
      totpLastStep: null,
      lastSignInAt: null,
      createdBy: actorId,
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
      if ((e.driverError?.code ?? e.code) === UNIQUE_VIOLATION) {
        const member = (e.driverError?.constraint ?? e.constraint) === 'users_member_key';
        throw new ValidationError([
          member
            ? { field: 'memberId', rule: 'UNIQUE', message: 'this member already has a user' }
            : { field: 'email', rule: 'UNIQUE', message: 'another user has this e-mail address' },
        ]);
      }
      throw error;
    }
    return this.get(user.id);
  }

  /**
   * Replaces a user's roles and grants. Taking a role or grant away ends the user's sessions, so
   * the narrower access applies at once rather than when the access token runs out.
   */
  async setRoles(input: { userId: string; roles: Role[]; grants?: Grant[] | null }, actor: Actor): Promise<User> {
    const roles = distinct(input.roles);
    const grants = distinct(input.grants);
    const revoked = await this.dataSource.transaction(async (manager) => {
      const user = await this.lock(manager, input.userId);
      const violations = new Violations();
      checkUserShape({ kind: user.memberId ? 'member' : 'staff', roles, grants, memberId: user.memberId }, violations);
      if (user.id === actor.id && user.roles.includes('ADMIN') && !roles.includes('ADMIN')) {
        violations.add('roles', 'NOT_OWN_ADMIN', 'you cannot take the ADMIN role from yourself');
      }
      violations.throwIfAny();
      await manager.update(User, { id: user.id }, { roles, grants });
      const narrowed = user.roles.some((r) => !roles.includes(r)) || user.grants.some((g) => !grants.includes(g));
      return narrowed ? this.sessions.revokeUserSessions(user.id, 'ROLES_CHANGED', null, manager) : [];
    });
    await this.sessions.announce(revoked);
    return this.get(input.userId);
  }

  /** Disables a user and ends every session they have. */
  async disable(userId: string, actor: Actor): Promise<User> {
    if (userId === actor.id) throw new ValidationError([{ field: 'id', rule: 'NOT_SELF', message: 'you cannot disable your own account' }]);
    const revoked = await this.dataSource.transaction(async (manager) => {
      const user = await this.lock(manager, userId);
      await manager.update(User, { id: user.id }, { status: UserStatus.DISABLED });
      return this.sessions.revokeUserSessions(user.id, 'USER_DISABLED', null, manager);
    });
    await this.sessions.announce(revoked);
    return this.get(userId);
  }

  /**
   * Changes the caller's own password, given the current one (a wrong one counts as a failed
   * sign-in). Every other session of the user ends; the one in use stays.
   */
  async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<boolean> {
    const user = isUuid(actor.id) ? await this.users.findOneBy({ id: actor.id }) : null;
    if (!user) throw new NotFoundError('User', actor.id);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      await this.signIn.recordFailure(user.id, this.clock.now());
      throw new ValidationError([{ field: 'currentPassword', rule: 'MATCHES', message: 'is not your current password' }]);
    }
    const violations = new Violations();
    checkPasswordPolicy(input.newPassword, user.email, violations, 'newPassword');
    if (input.newPassword === input.currentPassword) violations.add('newPassword', 'DIFFERENT', 'must differ from the current password');
    violations.throwIfAny();
    const passwordHash = await hashPassword(input.newPassword, this.passwordHashCost);
    const revoked = await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { passwordHash, passwordChangedAt: this.clock.now() });
      return this.sessions.revokeUserSessions(user.id, 'PASSWORD_CHANGED', actor.sessionId ?? null, manager);
    });
    await this.sessions.announce(revoked);
    return true;
  }

  async get(id: string): Promise<User> {
    const user = isUuid(id) ? await this.users.findOneBy({ id }) : null;
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  byIds(ids: readonly string[]): Promise<User[]> {
    return this.users.findBy({ id: In([...ids]) });
  }

  /** Users in e-mail order, optionally only those with a role. */
  list(page: PageArgs, role?: Role | null): Promise<Page<User>> {
    const query = this.users.createQueryBuilder('u');
    if (role) query.andWhere(':role = ANY(u.roles)', { role });
    return paginate(query, 'u', USER_ORDER, page);
  }

  private async lock(manager: EntityManager, userId: string): Promise<User> {
    const user = isUuid(userId) ? await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!user) throw new NotFoundError('User', userId);
    return user;
  }
}
