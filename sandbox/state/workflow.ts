import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { CALLBACK_WINDOW_MS, changeSellerWindowDays, placedGroup } from './checkout';
import { SandboxClock } from './clock';
import { SandboxEventBus } from './events';
import { createOrders, fakerFor, type NewOrderSpec } from './factory';
import {
  advanceTo,
  approveByGateway,
  AUTO_APPROVAL_DELAY_MS,
  BOLETO_EXPIRY_MS,
  hasPendingBoleto,
  isAutoApproved,
  isManaged,
  manage,
  systemCancel,
  toPaymentPending,
  toReadyForHandling,
  toWindowToCancel,
  type AdvanceOptions,
  type AdvanceTarget,
  type CancelPoint,
} from './lifecycle';
import { OrderStore } from './orders';
import { runPassingMoves } from './passing';
import { isPartiallyInvoiced } from '../../vtex';

/**
 * The timer-driven part of VTEX's complete flow (digest §1.2), run on every sandbox tick:
 *
 *   order-created → payment-pending → payment-approved → window-to-cancel → ready-for-handling
 *
 * Card, gift-card and Pix payments (and external-marketplace orders) are approved by the gateway
 * AUTO_APPROVAL_DELAY_MS after entering payment-pending; promissory and boleto orders wait for a
 * payment notification (actions.ts). The grace period lasts `windowToCancelSeconds`; the flow
 * stops in ready-for-handling, where the store takes over. The ticker also cancels Checkout orders
 * whose gateway callback never came, unpaid boletos, orders nobody took over in
 * window-to-change-seller, and creates new orders at `ordersPerMinute`. It drives the orders the
 * sandbox generated (factory and Checkout; see `manage`) and orders an API client changed
 * (`adoptOrdersOnWrite`), never documents a test inserted and moves by hand.
 */

/** Work per status per tick is bounded so one tick after a huge clock jump stays short. */
export const MAX_TRANSITIONS_PER_TICK = 500;
/** New orders per tick are bounded too: a clock jump of a day must not create a day of orders. */
export const MAX_ARRIVALS_PER_TICK = 20;

const DAY_MS = 86_400_000;

function due(ctx: SandboxContext, status: string, since: number): string[] {
  return ctx.orders
    .dueInStatus(status, since)
    .filter((id) => isManaged(ctx, id))
    .slice(0, MAX_TRANSITIONS_PER_TICK);
}

/**
 * Orders in payment-pending that wait for a payment notification, with the time their timer next
 * matters (boleto expiry, or never). Without it every tick re-read and parsed each of them; a
 * change of the order (a notification, a cancel) forgets the entry.
 */
const waitingByCtx = new WeakMap<SandboxContext, Map<string, number>>();
function waitingFor(ctx: SandboxContext): Map<string, number> {
  let m = waitingByCtx.get(ctx);
  if (!m) {
    const created = new Map<string, number>();
    ctx.events.on('order-changed', ({ orderId }) => created.delete(orderId));
    waitingByCtx.set(ctx, created);
    m = created;
  }
  return m;
}

/** Moves every order whose timer expired; cascades within one tick where a delay is zero. */
export function runTimers(ctx: SandboxContext): void {
  const now = ctx.clock.now();
  runPassingMoves(ctx);

  for (const id of due(ctx, 'order-created', now)) {
    const doc = ctx.orders.get(id);
    if (doc?.status !== 'order-created') continue;
    const g = placedGroup(ctx, doc.orderGroup);
    if (g && g.callbackMs === null) {
      if (now - g.placedMs >= CALLBACK_WINDOW_MS) {
        systemCancel(ctx, id, 'Pedido incompleto: o pagamento não foi processado em até 5 minutos');
      }
      continue;
    }
    toPaymentPending(ctx, id);
  }

  const waiting = waitingFor(ctx);
  for (const id of due(ctx, 'payment-pending', now - AUTO_APPROVAL_DELAY_MS)) {
    if ((waiting.get(id) ?? 0) > now) continue;
    const doc = ctx.orders.get(id);
    if (doc?.status !== 'payment-pending') continue;
    if (isAutoApproved(doc)) approveByGateway(ctx, id);
    else if (!hasPendingBoleto(doc)) waiting.set(id, Infinity);
    else if (Date.parse(doc.creationDate) + BOLETO_EXPIRY_MS <= now) {
      systemCancel(ctx, id, 'Boleto não pago até o vencimento', { byPayment: true });
    } else waiting.set(id, Date.parse(doc.creationDate) + BOLETO_EXPIRY_MS);
  }

  for (const id of due(ctx, 'payment-approved', now)) {
    // A partially invoiced order waits in payment-approved for the rest of its invoices.
    const doc = ctx.orders.get(id);
    if (doc && isPartiallyInvoiced(doc)) continue;
    toWindowToCancel(ctx, id);
  }

  for (const id of due(ctx, 'window-to-cancel', now - ctx.options.windowToCancelSeconds * 1000)) {
    toReadyForHandling(ctx, id);
  }

  for (const id of due(
    ctx,
    'window-to-change-seller',
    now - changeSellerWindowDays(ctx) * DAY_MS,
  )) {
    systemCancel(ctx, id, 'Nenhum seller assumiu o pedido na janela de troca de seller');
  }
}

/**
 * An order an API client changed (a write route called markEffect for it) joins the status timers:
 * hand-placed test documents stay put until a client acts on them, then follow the live flow
 * (e.g. a payment notification on such an order is carried on to ready-for-handling).
 */
export function adoptOrdersOnWrite(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const orderId = req.effect?.orderId;
    if (orderId && reply.statusCode < 400 && ctx.orders.get(orderId)) manage(ctx, orderId);
    return payload;
  });
}

/**
 * Installs the status timers and the order arrivals as one ticker. Reads ctx.options on every
 * tick, so the control API can change the grace period or the arrival rate at run time.
 */
export function installWorkflow(ctx: SandboxContext): void {
  // Arrival time already accounted for; null until the rate is first positive (no burst at start).
  let accountedUntil: number | null = null;
  ctx.tickers.push(() => {
    runTimers(ctx);
    accountedUntil = arrivals(ctx, accountedUntil);
  });
}

function arrivals(ctx: SandboxContext, accountedUntil: number | null): number | null {
  const rate = ctx.options.ordersPerMinute;
  const now = ctx.clock.now();
  if (!(rate > 0)) return null;
  if (accountedUntil === null) return now;
  const interval = 60_000 / rate;
  const count = Math.floor((now - accountedUntil) / interval);
  if (count <= 0) return accountedUntil;
  const n = Math.min(count, MAX_ARRIVALS_PER_TICK);
  for (let i = 0; i < n; i++) createOrders(ctx);
  // Past the bound the backlog is dropped rather than carried into the next ticks.
  return count > MAX_ARRIVALS_PER_TICK ? now : accountedUntil + count * interval;
}

// ---- seeding -------------------------------------------------------------------------------------

interface SeedPlan {
  ageMs: number;
  target: AdvanceTarget;
  spec: NewOrderSpec;
  opts: Omit<AdvanceOptions, 'pace'>;
}

function planSeeds(ctx: SandboxContext, purchases: number): SeedPlan[] {
  const f = fakerFor(ctx.options.seed, 0);
  const wtc = ctx.options.windowToCancelSeconds * 1000;
  const H = 3_600_000;
  const between = (a: number, b: number) =>
    f.number.int({ min: Math.round(a), max: Math.round(Math.max(a, b)) });
  const plans: SeedPlan[] = [];
  for (let i = 0; i < purchases; i++) {
    const kind = f.helpers.weightedArrayElement(
      (
        [
          { weight: 8, value: 'payment-pending' },
          { weight: wtc >= 5 * 60_000 ? 4 : 0, value: 'window-to-cancel' },
          { weight: 38, value: 'ready-for-handling' },
          { weight: 11, value: 'handling' },
          { weight: 3, value: 'partial' },
          { weight: 24, value: 'invoiced' },
          { weight: 10, value: 'canceled' },
        ] as const
      )
        // faker refuses a zero weight: a window to cancel shorter than 5 minutes seeds none.
        .filter((c) => c.weight > 0),
    );
    switch (kind) {
      case 'payment-pending':
        plans.push({
          ageMs: between(0.5 * H, 60 * H),
          target: 'payment-pending',
          spec: {
            paymentGroup: f.helpers.arrayElement(['promissory', 'bankInvoice'] as const),
            marketplace: false,
          },
          opts: {},
        });
        break;
      case 'window-to-cancel':
        plans.push({
          ageMs: between(60_000, wtc - 60_000),
          target: 'window-to-cancel',
          spec: {},
          opts: {},
        });
        break;
      case 'ready-for-handling':
        plans.push({
          ageMs: between(wtc + 10 * 60_000, wtc + 36 * H),
          target: 'ready-for-handling',
          spec: {},
          opts: {},
        });
        break;
      case 'handling':
      case 'partial':
        plans.push({
          ageMs: between(wtc + 3 * H, wtc + 72 * H),
          target: 'handling',
          spec: kind === 'partial' ? { itemCount: f.number.int({ min: 2, max: 5 }) } : {},
          opts: { partialInvoice: kind === 'partial' },
        });
        break;
      case 'invoiced':
        plans.push({
          ageMs: between(wtc + 24 * H, wtc + 7 * 24 * H),
          target: 'invoiced',
          spec: {},
          opts: {
            tracking: f.helpers.weightedArrayElement([
              { weight: 5, value: 'delivered' },
              { weight: 3, value: 'in-transit' },
              { weight: 2, value: 'none' },
            ] as const),
          },
        });
        break;
      case 'canceled': {
        const cancelFrom = f.helpers.arrayElement<CancelPoint>([
          'payment-pending',
          'window-to-cancel',
          'ready-for-handling',
          'handling',
        ]);
        // Only an offline payment stays in payment-pending long enough to be canceled there.
        const spec: NewOrderSpec =
          cancelFrom === 'payment-pending'
            ? { paymentGroup: 'bankInvoice', marketplace: false }
            : {};
        plans.push({
          ageMs: between(wtc + 2 * H, wtc + 6 * 24 * H),
          target: 'canceled',
          spec,
          opts: { cancelFrom },
        });
        break;
      }
    }
  }
  // Oldest first, so sequences grow with creation dates as at VTEX.
  return plans.sort((a, b) => b.ageMs - a.ageMs);
}

/** How long each step of a seeded order's history takes, given the time left before "now". */
function stepDelay(
  next: string,
  left: number,
  wtc: number,
  offline: boolean,
  plan: SeedPlan,
  r: () => number,
): number {
  switch (next) {
    case 'payment-pending':
      return 2_000;
    case 'payment-approved':
      return offline ? left * (0.1 + 0.3 * r()) : 10_000 + 50_000 * r();
    case 'window-to-cancel':
      return 1_000;
    case 'ready-for-handling':
      return wtc;
    case 'canceled':
      // A customer cancels within the grace period; the store cancels any time later.
      return plan.opts.cancelFrom === 'window-to-cancel'
        ? wtc * 0.9 * r()
        : left * (0.05 + 0.4 * r());
    default:
      return left * (0.2 + 0.4 * r());
  }
}

/**
 * Fills an empty store with `ctx.options.seedOrders` orders spread over the statuses a warehouse
 * sees (some cash orders still waiting for payment, many ready for handling, some in handling,
 * invoiced — with tracking — and canceled), created over the last days. Each history is replayed
 * through the real transitions on a private clock and event bus: the documents carry consistent
 * past dates (authorizedDate, invoices, cancellation) and no feed receives events for the past.
 */
export function seedInitialOrders(ctx: SandboxContext): number {
  const wanted = ctx.options.seedOrders;
  if (!(wanted > 0) || ctx.orders.count() > 0) return 0;
  const realNow = ctx.clock.now();
  const wtc = ctx.options.windowToCancelSeconds * 1000;
  const bus = new SandboxEventBus();
  const r = fakerFor(ctx.options.seed, -1);
  let made = 0;
  ctx.db.transaction(() => {
    for (const plan of planSeeds(ctx, wanted)) {
      if (made >= wanted) break;
      const clock = new SandboxClock(() => realNow - plan.ageMs);
      const shadow: SandboxContext = {
        ...ctx,
        clock,
        events: bus,
        orders: new OrderStore(ctx.db, clock, bus),
      };
      const spec: NewOrderSpec = wanted - made < 3 ? { ...plan.spec, sellers: 1 } : plan.spec;
      const docs = createOrders(shadow, spec);
      const offline = docs.some((d) => !isAutoApproved(d));
      advanceTo(
        shadow,
        docs.map((d) => d.orderId),
        plan.target,
        {
          ...plan.opts,
          pace: (next) => {
            const left = Math.max(0, realNow - clock.now());
            clock.advance(
              Math.min(
                left,
                Math.round(stepDelay(next, left, wtc, offline, plan, () => r.number.float())),
              ),
            );
          },
        },
      );
      made += docs.length;
    }
  })();
  return made;
}
