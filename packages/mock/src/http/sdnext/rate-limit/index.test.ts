import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, requestCost, SdnextRateLimiter } from './index.js';

/** A minute-aligned start, so window arithmetic in the tests is easy to follow. */
const T0 = 1_800_000_000;

describe("SD.Next's rate limiter (limits' sliding-window counter)", () => {
  it('costs 5 for generations, 0 for progress and files, 1 for the rest', () => {
    expect(['/sdapi/v1/txt2img', '/sdapi/v1/img2img', '/sdapi/v1/control'].map(requestCost)).toEqual([5, 5, 5]);
    expect(['/internal/progress', '/file', '/sdapi/v1/browser/thumb'].map(requestCost)).toEqual([0, 0, 0]);
    expect(['/sdapi/v1/version', '/sdapi/v1/does-not-exist'].map(requestCost)).toEqual([1, 1]);
  });

  it('refuses the hit that would pass the limit, per client and path', () => {
    const limiter = new SdnextRateLimiter();
    const hits = Array.from({ length: 3 }, () => limiter.hit('1.2.3.4', '/sdapi/v1/txt2img', 10, T0));
    expect(hits).toEqual([true, true, false]);
    expect(limiter.hit('5.6.7.8', '/sdapi/v1/txt2img', 10, T0)).toBe(true);
    expect(limiter.hit('1.2.3.4', '/sdapi/v1/img2img', 10, T0)).toBe(true);
    // A refused hit costs nothing: a cheaper path of the same client still has room.
    expect(limiter.hit('1.2.3.4', '/sdapi/v1/status', 1, T0)).toBe(true);
  });

  it('weights the previous window by the part of it still inside the last 60 s', () => {
    const limiter = new SdnextRateLimiter();
    for (let i = 0; i < 10; i++) expect(limiter.hit('c', '/p', 10, T0 + 50)).toBe(true);
    expect(limiter.hit('c', '/p', 10, T0 + 59)).toBe(false);
    // 15 s into the next window: floor(10 × 45/60) = 7 used, so 3 more fit.
    expect([1, 2, 3, 4].map(() => limiter.hit('c', '/p', 10, T0 + 75))).toEqual([true, true, true, false]);
    // Two windows later the old counts are gone.
    expect(limiter.hit('c', '/p', 10, T0 + 180)).toBe(true);
  });

  it('refuses a cost over the limit outright, lets everything through at 0, and restarts when the limit changes', () => {
    const limiter = new SdnextRateLimiter();
    expect(limiter.hit('c', '/sdapi/v1/txt2img', 3, T0)).toBe(false);
    for (let i = 0; i < 100; i++) expect(limiter.hit('c', '/sdapi/v1/txt2img', 0, T0)).toBe(true);
    expect(limiter.hit('c', '/p', 1, T0)).toBe(true);
    expect(limiter.hit('c', '/p', 1, T0)).toBe(false);
    expect(limiter.hit('c', '/p', 2, T0)).toBe(true);
  });

  it('fails as SD.Next does for a limit that is not a whole number', () => {
    const limiter = new SdnextRateLimiter();
    expect(() => limiter.hit('c', '/p', 'abc', T0)).toThrow("couldn't parse rate limit string 'abc/minute'");
    expect(() => limiter.hit('c', '/p', -1, T0)).toThrow("couldn't parse rate limit string '-1/minute'");
    expect(() => limiter.hit('c', '/p', '5', T0)).toThrow("unsupported operand type(s) for //: 'str' and 'int'");
  });

  it('holds a bounded number of buckets whatever paths a client invents', () => {
    const limiter = new SdnextRateLimiter();
    for (let i = 0; i < MAX_BUCKETS + 500; i++) limiter.hit('c', `/made-up/${i}`, 300, T0);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(MAX_BUCKETS);
    // The newest buckets survive and keep counting.
    const last = `/made-up/${MAX_BUCKETS + 499}`;
    for (let i = 1; i < 300; i++) limiter.hit('c', last, 300, T0);
    expect(limiter.hit('c', last, 300, T0)).toBe(false);
  });
});
