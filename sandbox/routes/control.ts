import type { FastifyInstance } from 'fastify';
import { RESOURCES } from '../../vtex';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { vtexTime } from '../state/clock';
import { createOrders, NewOrderSpecSchema } from '../state/factory';
import { rateLimiterOf } from './rate-limit';

/**
 * The sandbox's control API under /_sandbox/ (loopback only, enforced in app.ts): move time, make
 * orders, read the effect log, register keys, change limits and wipe the state. Tests and the
 * README's walkthrough drive the sandbox through it; fault rules live in routes/faults.ts.
 */

const MAX_ADVANCE_MS = 400 * 24 * 3600 * 1000;

const Advance = z
  .strictObject({
    seconds: z.number().min(0).optional(),
    ms: z.number().int().min(0).optional(),
  })
  .refine((b) => (b.seconds === undefined) !== (b.ms === undefined), {
    message: 'send exactly one of `seconds` or `ms`',
  })
  .transform((b) => Math.round(b.ms ?? (b.seconds ?? 0) * 1000))
  .refine((ms) => ms <= MAX_ADVANCE_MS, { message: 'advance at most 400 days at a time' });

const NewOrders = z.strictObject({
  count: z.number().int().min(1).max(1000).default(1),
  /** H1's NewOrderSpec (payment group, sellers, items, status to walk to, …). */
  spec: NewOrderSpecSchema.optional(),
});

const EffectsQuery = z.strictObject({
  orderId: z.string().min(1).optional(),
  /** Only effects with an id greater than this one (ids grow; pass the last id you saw). */
  since: z.coerce.number().int().min(0).optional(),
  /** SQL LIKE pattern on the path, e.g. `%/invoice`. */
  path: z.string().min(1).optional(),
});

const KeyPairBody = z.strictObject({
  appKey: z.string().min(1).max(200),
  appToken: z.string().min(1).max(500),
  /** The key's License Manager resources; absent: all of them. */
  resources: z.array(z.enum(RESOURCES)).optional(),
});

const Config = z.strictObject({
  rateLimitPerMinute: z.number().int().min(0).optional(),
  windowToCancelSeconds: z.number().int().min(0).optional(),
  ordersPerMinute: z.number().min(0).max(100_000).optional(),
  statusDelayMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000)
    .optional(),
});

function clockView(ctx: SandboxContext) {
  const epochMs = ctx.clock.now();
  return { now: vtexTime(epochMs), epochMs };
}

function configView(ctx: SandboxContext) {
  const o = ctx.options;
  return {
    rateLimitPerMinute: o.rateLimitPerMinute,
    windowToCancelSeconds: o.windowToCancelSeconds,
    ordersPerMinute: o.ordersPerMinute,
    statusDelayMs: o.statusDelayMs,
  };
}

/**
 * Empties every table except the registered keys, so a reset sandbox is a fresh one with the
 * same credentials. Tables are found in sqlite_master so stores added later are emptied too.
 */
export function wipeState(ctx: SandboxContext): void {
  const db = ctx.db;
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('app_keys', 'app_key_resources')",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const hasSequence =
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
      .get() !== undefined;
  // Foreign keys would force a delete order; the pragma cannot change inside a transaction.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const t of tables) db.prepare(`DELETE FROM "${t.replaceAll('"', '""')}"`).run();
      if (hasSequence) db.prepare('DELETE FROM sqlite_sequence').run();
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  // The feed keeps its queues' delivery state in memory next to the rows just deleted.
  ctx.feed.forget();
}

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  /** The benchmark's baseline: the cheapest possible route through the same server. */
  app.get('/_sandbox/ping', async () => ({ ok: true }));

  app.get('/_sandbox/clock', async () => clockView(ctx));

  app.post('/_sandbox/clock/advance', async (req) => {
    const ms = Advance.parse(req.body ?? {});
    ctx.clock.advance(ms);
    await ctx.tick();
    return clockView(ctx);
  });

  app.post('/_sandbox/orders', async (req, reply) => {
    // Validated here first so a bad spec fails before any order exists; the factory takes the raw spec.
    const body = NewOrders.parse(req.body ?? {});
    const raw = (req.body as { spec?: Parameters<typeof createOrders>[1] } | undefined)?.spec;
    const created = [];
    for (let i = 0; i < body.count; i++) created.push(...createOrders(ctx, raw));
    return reply.code(201).send(created);
  });

  app.post('/_sandbox/reset', async () => {
    await ctx.faults.clear();
    wipeState(ctx);
    rateLimiterOf(ctx).reset();
    return { ok: true };
  });

  app.get('/_sandbox/effects', async (req) => {
    const q = EffectsQuery.parse(req.query);
    return ctx.effects.list({
      ...(q.orderId !== undefined ? { orderId: q.orderId } : {}),
      ...(q.since !== undefined ? { sinceId: q.since } : {}),
      ...(q.path !== undefined ? { path: q.path } : {}),
    });
  });

  app.delete('/_sandbox/effects', async () => {
    ctx.effects.clear();
    return { ok: true };
  });

  app.post('/_sandbox/keys', async (req, reply) => {
    const pair = KeyPairBody.parse(req.body ?? {});
    ctx.accounts.register(pair);
    return reply
      .code(201)
      .send({ appKey: pair.appKey, ...(pair.resources ? { resources: pair.resources } : {}) });
  });

  app.get('/_sandbox/config', async () => configView(ctx));

  app.post('/_sandbox/config', async (req) => {
    const body = Config.parse(req.body ?? {});
    if (body.rateLimitPerMinute !== undefined)
      ctx.options.rateLimitPerMinute = body.rateLimitPerMinute;
    if (body.windowToCancelSeconds !== undefined)
      ctx.options.windowToCancelSeconds = body.windowToCancelSeconds;
    if (body.ordersPerMinute !== undefined) ctx.options.ordersPerMinute = body.ordersPerMinute;
    if (body.statusDelayMs !== undefined) ctx.options.statusDelayMs = body.statusDelayMs;
    return configView(ctx);
  });
}
