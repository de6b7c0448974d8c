import { Client } from 'pg';
import { InProcessEventBus } from './events/bus';
import { OWN_DATABASE_PREFIX, startTestSubgraph, testDatabaseUrl, useOwnTestDatabases } from './testing';
import { membersSubgraph } from '../subgraphs/members/src/subgraph';

const nameOf = (url: string) => new URL(url).pathname.slice(1);

async function countOutbox(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM outbox_events');
    return rows[0].n;
  } finally {
    await client.end();
  }
}

// The cases run in order: the first two before this file asks for databases of its own.
describe('test databases', () => {
  it('refuses a runtime with a bus on the shared databases, where its relay would publish other files’ events', async () => {
    await expect(startTestSubgraph(membersSubgraph, { bus: new InProcessEventBus() })).rejects.toThrow(/useOwnTestDatabases/);
  });

  it('uses the shared database of a subgraph until the file asks for its own', async () => {
    expect(nameOf(await testDatabaseUrl('members'))).toBe('mcs_test_members');
  });

  it('gives a file that asks its own migrated copy, the same one each time, apart from the shared one', async () => {
    useOwnTestDatabases();
    const own = await testDatabaseUrl('members');
    expect(nameOf(own).startsWith(`${OWN_DATABASE_PREFIX}members_`)).toBe(true);
    expect(await testDatabaseUrl('members')).toBe(own);
    // Migrated (the kit's outbox is there) and empty, whatever other files wrote to the shared database.
    expect(await countOutbox(own)).toBe(0);
    const runtime = await startTestSubgraph(membersSubgraph, { bus: new InProcessEventBus() });
    try {
      const [{ db }] = await runtime.dataSource.query('SELECT current_database() AS db');
      expect(db).toBe(nameOf(own));
    } finally {
      await runtime.stop();
    }
  });
});
