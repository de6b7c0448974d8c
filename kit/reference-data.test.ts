import { ReferenceTable } from './reference-data';

describe('ReferenceTable', () => {
  it('reads the table once and answers later look-ups from memory', async () => {
    let loads = 0;
    const table = new ReferenceTable(async () => {
      loads += 1;
      return [{ code: 'B50.9' }, { code: 'I10' }];
    }, (row) => row.code);
    expect([...(await table.byKeys(['I10', 'X99'], undefined)).keys()]).toEqual(['I10']);
    expect([...(await table.byKeys(['B50.9'], undefined)).keys()]).toEqual(['B50.9']);
    expect(loads).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let attempt = 0;
    const table = new ReferenceTable(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('database away');
      return [{ code: 'I10' }];
    }, (row) => row.code);
    await expect(table.byKeys(['I10'], undefined)).rejects.toThrow('database away');
    expect((await table.byKeys(['I10'], undefined)).has('I10')).toBe(true);
  });
});
