/**
 * The webui's queue lock since 1.6 (`fifo_lock.FIFOLock`): one job at a time, in order of
 * arrival, and never a rejection for being busy.
 */
export class FifoLock {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;

  /** Resolves with a release function once every earlier caller has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    return previous.then(() => {
      this.held++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.held--;
        release();
      };
    });
  }

  /** Runs `work` holding the lock, releasing it however `work` ends. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  get busy(): boolean {
    return this.held > 0;
  }
}
