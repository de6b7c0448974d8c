import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips cursors and refuses forged ones naming the argument', () => {
    expect(decodeCursor(encodeCursor(['MCS100001-00', 'abc']), 2)).toEqual(['MCS100001-00', 'abc']);
    expect(() => decodeCursor('not-a-cursor', 2)).toThrow(/after: is not a cursor returned by this list/);
    expect(() => decodeCursor(encodeCursor([{} as never, 'x']), 2)).toThrow(/after/);
  });

  it('uses the extra row only to tell that there is a next page', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, number: n }));
    const sort = { column: 'number', property: 'number' as const, direction: 'ASC' as const };
    const page = toPage(rows, 2, sort);
    expect(page.edges.map((e) => e.node.id)).toEqual(['id1', 'id2']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: page.edges[1].cursor });
    expect(toPage(rows, 3, sort).pageInfo.hasNextPage).toBe(false);
  });
});
