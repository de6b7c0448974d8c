import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { buildDemoPlan, type DemoPlan } from '../../../demo/plan';
import type { Grant, Role } from '../../../kit/auth/identity';
import { readIdentityConfig } from './config';
import { FamilyMember } from './family/family-member.entity';
import { hashPassword } from './password/password';
import { base32Encode } from './totp/totp';
import { User, UserStatus } from './user/user.entity';

const DEMO_ACTOR = 'system:demo-seed';

/**
 * The one password of every demo user (development and demos only: the seed never runs unless
 * DEMO_DATA is on). It passes the password policy.
 */
export const DEMO_PASSWORD = 'Savanna-Sunrise-2026';

export interface DemoUser {
  email: string;
  displayName: string;
  roles: Role[];
  grants: Grant[];
  memberId: string | null;
  /** Base32 TOTP secret, fixed per user so demos and benchmarks can compute codes (`scripts/totp.ts`). */
  totpSecret: string | null;
}

/** A fixed secret per demo e-mail: the first 160 bits of SHA-1 over a label, base32-encoded. */
export function demoTotpSecret(email: string): string {
  return base32Encode(createHash('sha1').update(`mcs-demo-totp:${email}`).digest());
}

const DEMO_STAFF: { local: string; displayName: string; roles: Role[]; grants?: Grant[] }[] = [
  { local: 'admin', displayName: 'Amina Odhiambo (administrator)', roles: ['ADMIN'] },
  { local: 'enrolment', displayName: 'Brian Kiprono (enrolment officer)', roles: ['ENROLMENT_OFFICER'] },
  { local: 'underwriter', displayName: 'Caroline Wanjiku (underwriter)', roles: ['UNDERWRITER'] },
  { local: 'claims', displayName: 'David Mutua (claims officer)', roles: ['CLAIMS_OFFICER'] },
  { local: 'finance', displayName: 'Esther Chebet (finance officer)', roles: ['FINANCE_OFFICER'] },
  { local: 'sales', displayName: 'Francis Omondi (sales agent)', roles: ['SALES_AGENT'] },
  { local: 'sales.manager', displayName: 'Grace Njeri (sales manager)', roles: ['SALES_MANAGER'] },
  { local: 'analyst', displayName: 'Hassan Ali (analyst, aggregates only)', roles: ['ANALYST'] },
  { local: 'analyst.pii', displayName: 'Irene Achieng (analyst, personal data and diagnoses)', roles: ['ANALYST'], grants: ['PII', 'DIAGNOSES'] },
];

/** How many of the plan's principals get a member user. */
const DEMO_MEMBER_USERS = 3;

/** The demo's users: one staff user per staff role (two analysts), and member users for the first principals. */
export function demoUsers(plan: DemoPlan): DemoUser[] {
  const staff = DEMO_STAFF.map((s) => {
    const email = `${s.local}@demo.mcs.test`;
    return { email, displayName: s.displayName, roles: s.roles, grants: s.grants ?? [], memberId: null, totpSecret: demoTotpSecret(email) };
  });
  const members = principalsWithUsers(plan).map((m, i) => ({
    email: m.email ?? `member${i + 1}@demo.mcs.test`,
    displayName: `${m.firstName} ${m.lastName}`,
    roles: ['MEMBER'] as Role[],
    grants: [] as Grant[],
    memberId: m.id,
    totpSecret: null,
  }));
  return [...staff, ...members];
}

function principalsWithUsers(plan: DemoPlan) {
  return plan.members.filter((m) => m.principalId === null).slice(0, DEMO_MEMBER_USERS);
}

/**
 * Inserts the demo users (staff with two-factor already on) and primes the family read model
 * with those members' families from the plan, at version 0 so that the members domain's own
 * events (version 1 and up) replace the rows when they arrive.
 */
export async function seedIdentityDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const users = demoUsers(plan);
  const cost = readIdentityConfig().passwordHashCost;
  const hashes = await Promise.all(users.map(() => hashPassword(DEMO_PASSWORD, cost)));
  const ids = plan.random('identity-users');
  await manager.insert(
    User,
    users.map((u, i) => ({
      id: ids.uuid(),
      email: u.email,
      displayName: u.displayName,
      roles: u.roles,
      grants: u.grants,
      memberId: u.memberId,
      status: UserStatus.ACTIVE,
      passwordHash: hashes[i],
      passwordChangedAt: new Date(`${plan.asOf}T06:00:00Z`),
      failedSignIns: 0,
      lockedUntil: null,
      totpSecret: u.totpSecret,
      totpEnabled: u.totpSecret !== null,
      totpLastStep: null,
      lastSignInAt: null,
      createdBy: DEMO_ACTOR,
    })),
  );
  const principals = new Set(principalsWithUsers(plan).map((m) => m.id));
  const families = plan.members.filter((m) => principals.has(m.id) || (m.principalId !== null && principals.has(m.principalId)));
  await manager
    .createQueryBuilder()
    .insert()
    .into(FamilyMember)
    .values(families.map((m) => ({ memberId: m.id, principalId: m.principalId, status: m.status, version: 0, updatedAt: new Date() })))
    .orIgnore()
    .execute();
}

/** Lines for `npm start` to print in development: who to sign in as, and how to get a code. */
export function demoUsersBanner(plan: DemoPlan = buildDemoPlan()): string[] {
  const users = demoUsers(plan);
  const width = Math.max(...users.map((u) => u.email.length));
  return [
    `Demo users (password for all: ${DEMO_PASSWORD}). Staff sign in with a TOTP code:`,
    '  npm run -s totp -- <secret>     (prints the current code)',
    ...users.map((u) => {
      const role = [...u.roles, ...u.grants.map((g) => `+${g}`)].join(' ');
      return `  ${u.email.padEnd(width)}  ${role.padEnd(22)}  ${u.totpSecret ? `TOTP secret ${u.totpSecret}` : `member ${u.memberId}`}`;
    }),
  ];
}
