import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryableAnswer, retryDelayMs } from './index.js';

const retry = { ...DEFAULT_RETRY, minDelayMs: 100, maxDelayMs: 1000 };

describe('retryDelayMs', () => {
  it('doubles per attempt up to the maximum, with at most 25 % jitter taken off', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, retry, undefined, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelayMs(1, retry, undefined, () => 1)).toBe(75);
    expect(retryDelayMs(2, retry, undefined, () => 0.5)).toBe(175);
  });

  it('honours Retry-After in seconds or as a date, and retry-after-ms, when it is under a minute', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs(1, retry, new Headers({ 'retry-after': '3' }), () => 0, now)).toBe(3000);
    expect(retryDelayMs(1, retry, new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), () => 0, now)).toBe(
      5000,
    );
    expect(retryDelayMs(1, retry, new Headers({ 'retry-after-ms': '20' }), () => 0, now)).toBe(20);
    expect(retryDelayMs(1, retry, new Headers({ 'retry-after': '3600' }), () => 0, now)).toBe(100);
    expect(retryDelayMs(1, retry, new Headers({ 'retry-after': 'soon' }), () => 0, now)).toBe(100);
  });
});

describe('isRetryableAnswer', () => {
  it("retries proxy and start-up statuses, not the webui's own 500s, unless x-should-retry says otherwise", () => {
    const none = new Headers();
    expect([408, 429, 502, 503, 504].every((status) => isRetryableAnswer(status, none))).toBe(true);
    expect([400, 404, 422, 500].some((status) => isRetryableAnswer(status, none))).toBe(false);
    expect(isRetryableAnswer(500, new Headers({ 'x-should-retry': 'true' }))).toBe(true);
    expect(isRetryableAnswer(503, new Headers({ 'x-should-retry': 'false' }))).toBe(false);
  });
});
