import { describe, expect, it } from 'vitest';
import { Mutex } from './index.js';

describe('Mutex', () => {
  it('runs sections one at a time in arrival order, also after a failure', async () => {
    const lock = new Mutex();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const first = lock.run(() => new Promise<void>((resolve) => (events.push('first'), (release = resolve))));
    const failing = lock.run(async () => {
      events.push('failing');
      throw new Error('boom');
    });
    const last = lock.run(async () => void events.push('last'));
    await Promise.resolve();
    expect(events).toEqual(['first']);
    release();
    await first;
    await expect(failing).rejects.toThrow('boom');
    await last;
    expect(events).toEqual(['first', 'failing', 'last']);
  });
});
