import type { DataSource } from 'typeorm';
import { databaseUrlOn } from './config';
import { createDataSource, preparedQuery, recreateDatabase } from './database';
import { createLogger } from './logger';

let dataSource: DataSource;
beforeAll(async () => {
  const url = databaseUrlOn(process.env.TEST_POSTGRES_URL!, `mcs_test_kit_database_${process.pid}`);
  await recreateDatabase(url);
  dataSource = createDataSource({ url, entities: [], migrations: [], logger: createLogger({ service: 'kit-test', level: 'error' }), poolSize: 2 });
  await dataSource.initialize();
});
afterAll(() => dataSource?.destroy());

describe('prepared statements', () => {
  it('runs fixed SQL as one named statement per text, reused on the connection', async () => {
    const text = 'SELECT $1::int + $2::int AS sum';
    await dataSource.transaction(async (manager) => {
      expect(await preparedQuery(manager, text, [1, 2])).toEqual([{ sum: 3 }]);
      expect(await preparedQuery(manager, text, [40, 2])).toEqual([{ sum: 42 }]);
      const prepared: { name: string }[] = await manager.query('SELECT name FROM pg_prepared_statements WHERE statement = $1', [text]);
      expect(prepared).toHaveLength(1);
      expect(prepared[0].name).toMatch(/^p_[0-9a-f]{24}$/);
    });
  });

  it('reports a failing prepared statement like any other query', async () => {
    await expect(preparedQuery(dataSource, 'SELECT 1 / $1::int AS ratio', [0])).rejects.toThrow(/division by zero/);
  });
});
