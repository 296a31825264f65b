/**
 * The webui's queue lock since 1.6 (`fifo_lock.FIFOLock`): one job at a time, in order of
 * arrival, and never a rejection for being busy. Held as Python holds it, for a block:
 * `using turn = await lock.acquire()` is `with queue_lock:`, so the job runs in its caller's
 * frame rather than inside a callback of the lock.
 */
export class FifoLock {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** Resolves with the caller's turn once every earlier caller has released; disposing it (or `release()`) ends it. */
  acquire(): Promise<LockTurn> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    return previous.then(() => {
      this.held++;
      let released = false;
      const end = () => {
        if (released) return;
        released = true;
        this.held--;
        release();
      };
      return { release: end, [Symbol.dispose]: end };
    });
  }

  get busy(): boolean {
    return this.held > 0;
  }
}

/** One holder's turn of the lock. Releasing twice is harmless. */
export interface LockTurn extends Disposable {
  release(): void;
}
