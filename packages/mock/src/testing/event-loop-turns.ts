/**
 * Runs `work` and counts the event-loop turns that happened meanwhile (a `setImmediate` chain):
 * work that never yields leaves the count at 0 or 1.
 */
export async function turnsWhile<T>(work: () => Promise<T>): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    return { turns, result };
  } finally {
    ticking = false;
  }
}
