import type { AnyRuntime } from '../../../../kit/subgraph';
import { execute, executeOk, startTestSubgraph } from '../../../../kit/testing';
import { claimsSubgraph } from '../subgraph';
import { ICD10_SUBSET } from './icd10-subset';

let runtime: AnyRuntime;
beforeAll(async () => {
  runtime = await startTestSubgraph(claimsSubgraph);
});
afterAll(() => runtime.stop());

const SEARCH = `query($search: String, $first: Int, $after: String) {
  diagnosisCodes(search: $search, first: $first, after: $after) {
    edges { node { code description chapter chapterTitle billable } } pageInfo { hasNextPage endCursor } } }`;

const codesOf = (data: Record<string, any>): string[] => data.diagnosisCodes.edges.map((e: { node: { code: string } }) => e.node.code);

describe('the diagnosis catalogue', () => {
  it('holds every code of the subset', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const data: Record<string, any> = await executeOk(runtime, SEARCH, { first: 100, after });
      seen.push(...codesOf(data));
      after = data.diagnosisCodes.pageInfo.hasNextPage ? data.diagnosisCodes.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ICD10_SUBSET.map((e) => e.code).sort());
  });

  it('looks a code up however it is written, and answers null for an unknown one', async () => {
    const data = await executeOk(runtime, `{ a: diagnosisCode(code: "b509") { code description chapter chapterTitle billable }
      b: diagnosisCode(code: "Q99.99") { code } c: diagnosisCode(code: "malaria") { code } }`);
    expect(data.a).toEqual({
      code: 'B50.9',
      description: 'Plasmodium falciparum malaria, unspecified',
      chapter: 'I',
      chapterTitle: 'Certain infectious and parasitic diseases',
      billable: true,
    });
    expect(data.b).toBeNull();
    expect(data.c).toBeNull();
  });

  it('searches by code prefix, with or without the dot', async () => {
    const malaria = codesOf(await executeOk(runtime, SEARCH, { search: 'B5', first: 20 }));
    expect(malaria).toEqual(expect.arrayContaining(['B50', 'B50.0', 'B50.9', 'B54']));
    expect(malaria.every((c) => c.startsWith('B5'))).toBe(true);
    expect(codesOf(await executeOk(runtime, SEARCH, { search: 'b509' }))).toEqual(['B50.9']);
  });

  it('searches the titles word by word', async () => {
    const found = codesOf(await executeOk(runtime, SEARCH, { search: 'falciparum cerebral' }));
    expect(found).toEqual(['B50.0']);
    const pregnancy = codesOf(await executeOk(runtime, SEARCH, { search: 'supervision pregnancy' }));
    expect(pregnancy).toEqual(['Z34.0', 'Z34.8', 'Z34.9', 'Z35.9']);
  });

  it('pages a search with cursors', async () => {
    const first = await executeOk(runtime, SEARCH, { search: 'J4', first: 3 });
    expect(first.diagnosisCodes.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(runtime, SEARCH, { search: 'J4', first: 3, after: first.diagnosisCodes.pageInfo.endCursor });
    expect([...codesOf(first), ...codesOf(second)]).toEqual(['J40', 'J42', 'J43.9', 'J44.0', 'J44.1', 'J44.9']);
    const bad = await execute(runtime, SEARCH, { search: 'J4', after: 'nonsense' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'VALID_CURSOR' });
  });
});
