import jsonata from 'jsonata';
import type { OrderDocument } from '../../vtex';
import type { Clock } from './clock';
import { vtexTime } from './clock';
import type { SandboxEventBus, StatusChange } from './events';
import type { OrderStore } from './orders';

/**
 * What the feed and the hook share (digest §2, §3: "the `filter` object is identical"): the
 * validated filter, JSONata evaluation, and the routing of order events to the configurations
 * whose filter matches.
 */

export type EventFilter =
  | { type: 'FromWorkflow'; status: string[] }
  | { type: 'FromOrders'; expression: string; disableSingleFire: boolean };

/** The fields of one feed item or hook notification, before a handle or an eventId is added. */
export type OrderEvent = StatusChange;

type Expression = ReturnType<typeof jsonata>;

const compiled = new Map<string, Expression>();
/** Configurations reuse a handful of expressions; the cap only guards against a flood of test calls. */
const COMPILE_CACHE_MAX = 200;

/** Parses a JSONata expression; throws JSONata's own error (with its message) when it is invalid. */
export function compileExpression(expression: string): Expression {
  const hit = compiled.get(expression);
  if (hit) return hit;
  const expr = jsonata(expression);
  if (compiled.size >= COMPILE_CACHE_MAX) compiled.clear();
  compiled.set(expression, expr);
  return expr;
}

/** JSONata's own truthiness (`$boolean`), so `items[quantity > 1]` matches when any item does. */
export function jsonataTruth(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.some(jsonataTruth);
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'function') return false;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return false;
}

/** Evaluates `expression` against `document`; rejects with JSONata's error on a bad expression. */
export async function evaluateFilter(expression: string, document: unknown): Promise<boolean> {
  return jsonataTruth(await compileExpression(expression).evaluate(document));
}

export function workflowMatches(filter: EventFilter, state: string): boolean {
  // No status list means every status (digest §2: "With no filter, FromWorkflow with all statuses").
  return (
    filter.type === 'FromWorkflow' && (filter.status.length === 0 || filter.status.includes(state))
  );
}

/** One configuration listening to order events: a feed or a hook of one appKey. */
export interface FilterTarget {
  appKey: string;
  filter: EventFilter;
}

/** The side that owns the configurations (FeedStore, HookStore). */
export interface FilterSink {
  /** The configurations in force right now. */
  targets(): FilterTarget[];
  /** `target` matched `event`, which happened at `atMs`. Called in event order. */
  accept(target: FilterTarget, event: OrderEvent, atMs: number): void;
  /** FromOrders single fire: whether this configuration already fired for the order, and noting it. */
  hasFired(appKey: string, orderId: string): boolean;
  markFired(appKey: string, orderId: string): void;
}

/**
 * Subscribes a sink to the order events. FromWorkflow matches are delivered synchronously while
 * the status change is emitted; FromOrders matches need the asynchronous JSONata evaluation and go
 * through one promise chain, so items keep the order of the changes and single fire never races.
 * The document is read when the event is emitted, so a later change cannot leak into an earlier
 * event.
 */
export class OrderEventRouter {
  private chain: Promise<void> = Promise.resolve();
  /** The change `setStatus` emitted just before its `order-changed` (both are emitted back to back). */
  private lastStatus: StatusChange | null = null;
  private disposed = false;
  private readonly onStatus = (sc: StatusChange): void => this.handleStatus(sc);
  private readonly onOrder = (e: { orderId: string }): void => this.handleOrder(e.orderId);

  constructor(
    private readonly events: SandboxEventBus,
    private readonly orders: OrderStore,
    private readonly clock: Clock,
    private readonly sink: FilterSink,
    private readonly onError: (err: unknown) => void = (err) =>
      console.error('sandbox order event routing failed', err),
  ) {
    events.on('status-changed', this.onStatus);
    events.on('order-changed', this.onOrder);
  }

  /** Resolves once every FromOrders evaluation started so far has been delivered. */
  async flush(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  dispose(): void {
    this.disposed = true;
    this.events.off('status-changed', this.onStatus);
    this.events.off('order-changed', this.onOrder);
  }

  private handleStatus(sc: StatusChange): void {
    this.lastStatus = sc;
    // A failure here must not turn the write that emitted the event into a 500 after it was stored.
    try {
      const at = this.clock.now();
      for (const t of this.sink.targets()) {
        if (workflowMatches(t.filter, sc.state)) this.sink.accept(t, sc, at);
      }
    } catch (err) {
      this.onError(err);
    }
  }

  private handleOrder(orderId: string): void {
    try {
      const targets = this.sink.targets().filter((t) => t.filter.type === 'FromOrders');
      if (targets.length === 0) return;
      const doc = this.orders.get(orderId);
      if (!doc) return;
      const event = this.orderEvent(doc);
      const at = this.clock.now();
      this.chain = this.chain
        .then(async () => {
          for (const t of targets) {
            // After close the database is gone: evaluations still queued are dropped.
            if (this.disposed) return;
            if (t.filter.type !== 'FromOrders') continue;
            const single = !t.filter.disableSingleFire;
            if (single && this.sink.hasFired(t.appKey, orderId)) continue;
            let match: boolean;
            try {
              match = await evaluateFilter(t.filter.expression, doc);
            } catch {
              // A runtime error of the expression (e.g. a type mismatch) means "no match", as VTEX
              // cannot tell the integrator either.
              match = false;
            }
            if (!match || this.disposed) continue;
            if (single) this.sink.markFired(t.appKey, orderId);
            this.sink.accept(t, event, at);
          }
        })
        .catch(this.onError);
    } catch (err) {
      this.onError(err);
    }
  }

  /**
   * FromOrders items carry the order's current status. When the change is a status change the
   * fields are those of the status change; otherwise state and lastState are both the current
   * status, lastChange is when that status was entered and currentChange is this change.
   */
  private orderEvent(doc: OrderDocument): OrderEvent {
    const sc = this.lastStatus;
    if (
      sc &&
      sc.orderId === doc.orderId &&
      sc.state === doc.status &&
      sc.currentChange === doc.lastChange
    ) {
      return sc;
    }
    const since = this.orders.statusSince(doc.orderId);
    return {
      orderId: doc.orderId,
      domain: doc.origin === 'Marketplace' ? 'Marketplace' : 'Fulfillment',
      state: doc.status,
      lastState: doc.status,
      lastChange: since === undefined ? doc.lastChange : vtexTime(since),
      currentChange: doc.lastChange,
    };
  }
}

/** Deterministic PRNG (mulberry32) so fault injection is reproducible from the sandbox seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
