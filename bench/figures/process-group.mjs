// A child process in a process group of its own, stopped with everything it started: `npx` runs
// Prism as a grandchild, which a signal to npx alone leaves running (before: a Prism left behind
// by every `pnpm bench`, each on a port of its own).
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

/** Whether any process of group `pgid` is still alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * `spawn(command, args, options)` as the leader of a new process group. `stop()` sends SIGTERM to
 * the whole group and resolves once no process of it is left (SIGKILL after `graceMs`); the group
 * is also killed if this process exits or is interrupted first.
 */
export function spawnGroup(command, args, options = {}, { graceMs = 10_000 } = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  const killAll = () => groupAlive(pgid) && process.kill(-pgid, 'SIGKILL');
  const onInterrupt = () => {
    killAll();
    process.exit(130);
  };
  process.once('exit', killAll);
  process.once('SIGINT', onInterrupt);
  const stop = async () => {
    process.off('exit', killAll);
    process.off('SIGINT', onInterrupt);
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, 'SIGTERM');
    // No event tells when a grandchild has gone: look, a tenth of a second apart, up to graceMs.
    for (let waited = 0; groupAlive(pgid) && waited < graceMs; waited += 100) await delay(100);
    if (groupAlive(pgid)) {
      process.kill(-pgid, 'SIGKILL');
      while (groupAlive(pgid)) await delay(100);
    }
  };
  return { child, stop };
}
