/** `node:timers/promises` and the global `setImmediate` for the browser mock: a macrotask turn. */
export function setImmediate<T = void>(value?: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value as T), 0));
}

/** The global `setImmediate(callback)` the mock's app calls. */
export function setImmediateCallback(callback: (...args: unknown[]) => void, ...args: unknown[]): number {
  return setTimeout(() => callback(...args), 0) as unknown as number;
}
