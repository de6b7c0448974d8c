import { buildDemoPlan } from '../../../demo/plan';
import { ANONYMOUS } from '../../../kit/auth/identity';
import { databaseUrlOn } from '../../../kit/config';
import { recreateDatabase } from '../../../kit/database';
import { Violations } from '../../../kit/errors';
import { createLogger } from '../../../kit/logger';
import { seedOnce } from '../../../kit/seeding';
import { createSubgraphRuntime } from '../../../kit/subgraph';
import { execute, executeOk } from '../../../kit/testing';
import { DEMO_PASSWORD, demoUsers, demoUsersBanner, seedIdentityDemo } from './demo';
import { checkPasswordPolicy } from './password/password.policy';
import { actorOf, freshTotpCode, identityTestSubgraph, LOGIN, type IdentityRuntime } from './testing';

const plan = buildDemoPlan();
let runtime: IdentityRuntime;
beforeAll(async () => {
  // The demo seeds fixed ids and e-mails, so it gets a database of its own.
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, 'mcs_test_identity_demo');
  await recreateDatabase(url);
  runtime = await createSubgraphRuntime(identityTestSubgraph(), { databaseUrl: url, logger: createLogger({ service: 'identity', test: true }), poolSize: 3 });
  await seedOnce(runtime.dataSource, 'identity-demo', (manager) => seedIdentityDemo(manager, plan));
});
afterAll(() => runtime.stop());

const users = demoUsers(plan);
const userNamed = (email: string) => users.find((u) => u.email === email)!;

describe('demo users', () => {
  it('have a password that passes the policy for every one of them', () => {
    for (const user of users) {
      const violations = new Violations();
      checkPasswordPolicy(DEMO_PASSWORD, user.email, violations);
      expect({ email: user.email, broken: violations.any }).toEqual({ email: user.email, broken: false });
    }
  });

  it('are one staff user per staff role, two analysts, and three member users', () => {
    expect(users.filter((u) => !u.memberId).map((u) => u.email)).toEqual([
      'admin@demo.mcs.test',
      'enrolment@demo.mcs.test',
      'underwriter@demo.mcs.test',
      'claims@demo.mcs.test',
      'finance@demo.mcs.test',
      'sales@demo.mcs.test',
      'sales.manager@demo.mcs.test',
      'analyst@demo.mcs.test',
      'analyst.pii@demo.mcs.test',
    ]);
    expect(users.filter((u) => u.memberId)).toHaveLength(3);
    expect(demoUsersBanner(plan).join('\n')).toContain(`admin@demo.mcs.test`);
    expect(demoUsersBanner(plan).join('\n')).toContain(userNamed('admin@demo.mcs.test').totpSecret!);
  });

  it('let staff sign in with the fixed TOTP secret, carrying their roles and grants', async () => {
    const admin = userNamed('admin@demo.mcs.test');
    expect((await execute(runtime, LOGIN, { input: { email: admin.email, password: DEMO_PASSWORD } }, ANONYMOUS)).errors?.[0].extensions?.reason).toBe('TOTP_REQUIRED');
    const signedIn = await executeOk(runtime, LOGIN, { input: { email: admin.email, password: DEMO_PASSWORD, totpCode: freshTotpCode(admin.totpSecret!) } }, ANONYMOUS);
    expect(actorOf(runtime, signedIn.login.accessToken).roles).toEqual(['ADMIN']);

    const analyst = userNamed('analyst.pii@demo.mcs.test');
    const data = await executeOk(runtime, LOGIN, { input: { email: analyst.email, password: DEMO_PASSWORD, totpCode: freshTotpCode(analyst.totpSecret!) } }, ANONYMOUS);
    expect(actorOf(runtime, data.login.accessToken)).toMatchObject({ roles: ['ANALYST'], grants: ['PII', 'DIAGNOSES'] });
  });

  it("let member users sign in, with their family from the plan", async () => {
    const member = users.find((u) => u.memberId)!;
    const data = await executeOk(runtime, LOGIN, { input: { email: member.email, password: DEMO_PASSWORD } }, ANONYMOUS);
    const actor = actorOf(runtime, data.login.accessToken);
    const family = plan.members.filter((m) => m.id === member.memberId || m.principalId === member.memberId).map((m) => m.id);
    expect(actor.memberId).toBe(member.memberId);
    expect([...actor.family!].sort()).toEqual([...family].sort());
  });
});
