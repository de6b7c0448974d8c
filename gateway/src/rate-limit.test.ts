import { MemoryRateLimitStore } from './rate-limit';

describe('counting requests in memory', () => {
  it('counts a key within its window and starts again when the window ends', async () => {
    const store = new MemoryRateLimitStore();
    expect(await store.hit('ip:a', 1_000, 10_000)).toEqual({ count: 1, resetInMs: 1_000 });
    expect(await store.hit('ip:a', 1_000, 10_400)).toEqual({ count: 2, resetInMs: 600 });
    expect(await store.hit('ip:b', 1_000, 10_400)).toEqual({ count: 1, resetInMs: 1_000 });
    expect(await store.hit('ip:a', 1_000, 11_000)).toEqual({ count: 1, resetInMs: 1_000 });
  });
});
