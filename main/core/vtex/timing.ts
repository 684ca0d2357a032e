/**
 * Waiting, made injectable: the client's backoffs, the rate limiter and the feed poller all wait
 * through a `Sleep`, so tests drive them with virtual time instead of real timers.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Real waiting on a timer; rejects with the signal's reason when aborted. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * Runs `work` over `items` with at most `limit` in flight; results keep the input order. After a
 * failure no new item starts, and the first error is thrown once every running item has finished,
 * so nothing keeps working in the background after the caller has moved on.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (!failure) {
      const i = next++;
      if (i >= items.length) return;
      try {
        out[i] = await work(items[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw (failure as { error: unknown }).error;
  return out;
}

/**
 * A counting semaphore: bounds how many order fetches run at once across all feed lanes and the
 * catch-up, whatever the caller's own concurrency.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('a semaphore needs a limit of at least 1');
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
