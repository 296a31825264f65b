import { readFileSync } from 'node:fs';

/**
 * Milliseconds of CPU this thread has run. Linux's per-thread scheduler statistics count only
 * time on a CPU, so a stall measured with them is the work itself: a loaded machine that keeps
 * the process waiting for a core stretches the wall clock, not this. Elsewhere the whole
 * process's CPU time stands in (helper threads included, so it can only overstate a stall).
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}

/** The longest time the event loop went without turning while some work ran. */
export interface Stalls<T> {
  result: T;
  /** CPU the main thread spent in the longest gap between two turns, in ms: what a test asserts on. */
  worstCpuMs: number;
  /** Wall-clock length of that same gap, in ms: printed, never asserted (load stretches it). */
  worstWallMs: number;
  /** Turns observed while the work ran. */
  turns: number;
}

/**
 * Runs `work` while a 1 ms timer chain notes, at each turn of the event loop, the main thread's CPU
 * time. A handler that blocks the loop for 200 ms of work shows as one gap of ~200 ms of CPU,
 * however busy the machine; one that yields every few milliseconds shows only small gaps.
 */
export async function stallsWhile<T>(work: () => Promise<T>): Promise<Stalls<T>> {
  let turns = 0;
  let worstCpuMs = 0;
  let worstWallMs = 0;
  let lastCpu = threadCpuMs();
  let lastWall = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const cpu = threadCpuMs();
    const wall = performance.now();
    turns++;
    if (cpu - lastCpu > worstCpuMs) {
      worstCpuMs = cpu - lastCpu;
      worstWallMs = wall - lastWall;
    }
    lastCpu = cpu;
    lastWall = wall;
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  try {
    const result = await work();
    tick();
    return { result, worstCpuMs, worstWallMs, turns };
  } finally {
    clearTimeout(timer);
  }
}
