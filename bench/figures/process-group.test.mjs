import { describe, expect, it } from 'vitest';
import { spawnGroup } from './process-group.mjs';

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A shell that starts a long-lived Node grandchild (as npx starts Prism) and prints its pid. */
const SCRIPT = `${JSON.stringify(process.execPath)} -e "setInterval(() => {}, 1000)" & echo $! ; wait`;

describe('spawnGroup', () => {
  it('stops the grandchildren too, where killing the child alone leaves them running', async () => {
    const { child, stop } = spawnGroup('sh', ['-c', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const grandchild = Number(
      await new Promise((resolve) => child.stdout.once('data', (chunk) => resolve(String(chunk)))),
    );
    try {
      expect(alive(grandchild)).toBe(true);
      // What the bench did before: a signal to the child, which the grandchild outlives.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      expect(alive(grandchild)).toBe(true);
      await stop();
      expect(alive(grandchild)).toBe(false);
      expect(() => process.kill(-child.pid, 0)).toThrow(/ESRCH/);
    } finally {
      if (alive(grandchild)) process.kill(grandchild, 'SIGKILL');
    }
  });
});
