import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../../kit/database';
import type { DomainEvent } from '../../../../kit/events/event';
import { createLogger } from '../../../../kit/logger';
import { testDatabaseUrl } from '../../../../kit/testing';
import { erasedEmail, MEMBER_ERASED, pseudonymiseErasedMemberUser } from './member-erased.subscription';

// The handler needs only identity's tables, so a bare connection to its test database will do.
let dataSource: DataSource;
beforeAll(async () => {
  dataSource = createDataSource({ url: await testDatabaseUrl('identity'), entities: [], migrations: [], logger: createLogger({ service: 'identity', test: true }), poolSize: 2 });
  await dataSource.initialize();
});
afterAll(() => dataSource.destroy());

async function memberUser(memberId: string) {
  const [{ id }] = await dataSource.query(
    `INSERT INTO users (email, display_name, roles, member_id, status, password_hash, created_by)
     VALUES ($1, 'Wanjiru Kamau', ARRAY['MEMBER'], $2, 'ACTIVE', 'not-a-real-hash', 'test') RETURNING id`,
    [`wanjiru.${memberId.slice(0, 8)}@example.co.ke`, memberId],
  );
  await dataSource.query(`INSERT INTO sessions (user_id, ip, expires_at) VALUES ($1, '41.90.1.2', now() + interval '1 hour')`, [id]);
  return id as string;
}

const snapshot = (userId: string) =>
  dataSource.query(
    `SELECT u.email, u.display_name, u.roles, u.status, u.updated_at, s.ip, s.created_at
     FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.id = $1`,
    [userId],
  );

function erased(memberId: string): DomainEvent {
  return { id: randomUUID(), type: MEMBER_ERASED, source: 'members', aggregateId: memberId, occurredAt: new Date().toISOString(), payload: { memberId, pseudonym: 'Erased 1A2B3C4D', erasedAt: new Date().toISOString() } };
}

const apply = (event: DomainEvent) => dataSource.transaction((manager) => pseudonymiseErasedMemberUser.handle(event, manager, undefined));

describe('members.member.erased in identity', () => {
  it("pseudonymises the member's user once, and leaves other users alone", async () => {
    const memberId = randomUUID();
    const userId = await memberUser(memberId);
    const bystander = await memberUser(randomUUID());
    const bystanderBefore = await snapshot(bystander);

    await apply(erased(memberId));
    const once = await snapshot(userId);
    expect(once).toEqual([expect.objectContaining({ email: erasedEmail(memberId), display_name: 'Erased 1A2B3C4D', roles: ['MEMBER'], status: 'ACTIVE', ip: null })]);

    await apply(erased(memberId));
    expect(await snapshot(userId)).toEqual(once);
    expect(await snapshot(bystander)).toEqual(bystanderBefore);
  });
});
