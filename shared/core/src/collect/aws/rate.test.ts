import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdaptiveRate, COOLDOWN_MS, DECREASE, INCREASE } from './rate.js';
import { mapBounded } from './limit.js';

describe('AdaptiveRate', () => {
  // The limiter's clock is the fake timers' own, so time moves as the timers fire.
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => vi.useRealTimers());
  const clock = () => Date.now();
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  it('sends at once until throttled', () => {
    const r = new AdaptiveRate(clock);
    for (let i = 0; i < 1000; i++) expect(r.acquire()).toBeUndefined();
    expect(r.limit).toBe(Infinity);
  });

  it('cuts to DECREASE × the rate sent over the last second, once per cooldown', async () => {
    const r = new AdaptiveRate(clock);
    for (let i = 0; i < 400; i++) {
      r.acquire();
      await advance(2.5); // 400 a second
    }
    r.throttled();
    expect(r.limit).toBeCloseTo(DECREASE * 400, 0);
    // The other answers to the same burst do not cut again.
    r.throttled();
    r.throttled();
    expect(r.limit).toBeCloseTo(DECREASE * 400, 0);
    await advance(COOLDOWN_MS);
    const before = r.limit;
    r.acquire();
    r.throttled();
    expect(r.limit).toBeLessThan(before);
  });

  it('then holds the sending rate to the limit, and climbs by INCREASE a second without throttling', async () => {
    const r = new AdaptiveRate(clock);
    for (let i = 0; i < 100; i++) r.acquire();
    r.throttled(); // 100 sent in the last second → 85 a second
    const start = r.limit;
    expect(start).toBeCloseTo(DECREASE * 100, 5);
    let sent = 0;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 2000; i++) pending.push((r.acquire() ?? Promise.resolve()).then(() => void sent++));
    await advance(10_000);
    // About 10 s at a rate climbing from 85 by 4 % a second: never the 2,000 asked for.
    const expected = (start * (Math.exp(INCREASE * 10) - 1)) / INCREASE;
    expect(sent).toBeGreaterThan(expected * 0.9);
    expect(sent).toBeLessThan(expected * 1.1 + start / 10 + 1);
    expect(r.limit).toBeCloseTo(start * Math.exp(INCREASE * 10), -1);
    await advance(60_000);
    await Promise.all(pending);
    expect(sent).toBe(2000);
  });

  it('never goes below one call a second', async () => {
    const r = new AdaptiveRate(clock);
    for (let i = 0; i < 50; i++) {
      r.acquire();
      r.throttled();
      await advance(COOLDOWN_MS);
    }
    expect(r.limit).toBeGreaterThanOrEqual(1);
    // Two more calls: at one a second, the second waits about a second, not forever.
    let got = 0;
    for (let i = 0; i < 2; i++) {
      const wait = r.acquire();
      if (wait) void wait.then(() => got++);
      else got++;
    }
    expect(got).toBeLessThan(2);
    await advance(1100);
    expect(got).toBe(2);
  });
});

describe('mapBounded', () => {
  it('keeps the order and never runs more than `width` at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([...Array(50).keys()], 4, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, n % 3));
      running--;
      return n * 2;
    });
    expect(out).toEqual([...Array(50).keys()].map((n) => n * 2));
    expect(most).toBe(4);
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
