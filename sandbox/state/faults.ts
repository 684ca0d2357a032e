import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

/**
 * Fault injection: rules that make chosen requests slow, fail, get throttled, lose their
 * connection before or after the write, and a whole-server outage. Tests and the CLI use them to
 * prove the desk survives a bad network and a bad VTEX. Rules live in memory (a reset or a restart
 * clears them); randomness comes from a PRNG seeded with the sandbox seed, so a run with the same
 * seed and the same requests fails the same requests.
 */

/**
 * `route` selects requests by `METHOD /path`:
 * - `*` (or absent): every API request;
 * - `GET /api/oms/pvt/orders/*`: a method (or `*`) and a path glob, where `*` matches inside one
 *   path segment and `**` across segments (the query string is ignored);
 * - `/^POST \/api\/.+\/invoice$/i`: a regular expression tested against `METHOD /path`; it is
 *   written `/^…/flags` (the `^` tells it from a glob).
 */
const Route = z
  .string()
  .trim()
  .default('*')
  .superRefine((s, c) => {
    try {
      compileRoute(s);
    } catch (e) {
      c.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

const Probability = z.number().min(0).max(1);
const Count = z.number().int().min(1);

/** Fields every request-level rule may carry. */
const requestLevel = {
  id: z.string().min(1).max(64).optional(),
  route: Route,
  /** Apply to the next N matching requests only, then the rule disappears. */
  count: Count.optional(),
  /** Chance (0..1) that a matching request is hit; drawn from the seeded PRNG. */
  probability: Probability.optional(),
};

const Latency = z.strictObject({
  kind: z.literal('latency'),
  ms: z.number().int().min(0).max(120_000),
  ...requestLevel,
});
const ErrorFault = z.strictObject({
  kind: z.literal('error'),
  status: z.number().int().min(400).max(599),
  /** Sent as JSON instead of the VTEX-shaped default body. */
  body: z.unknown().optional(),
  ...requestLevel,
});
const Rate429 = z.strictObject({
  kind: z.literal('rate429'),
  /** VTEX documents no Retry-After value; its guide says to back off about a minute (digest §6). */
  retryAfterSeconds: z.number().int().min(0).max(86_400).default(60),
  ...requestLevel,
});
const Reset = z.strictObject({ kind: z.literal('reset'), ...requestLevel });
const ApplyThenDrop = z.strictObject({ kind: z.literal('applyThenDrop'), ...requestLevel });
const FeedDuplicate = z.strictObject({
  kind: z.literal('feedDuplicate'),
  id: requestLevel.id,
  /** Share of feed items delivered twice (same eventId, two handles). */
  rate: Probability,
});
const FeedReorder = z.strictObject({ kind: z.literal('feedReorder'), id: requestLevel.id });
/** While present, orders stay this long (sandbox time) in a passing status instead of the default. */
const StatusDelay = z.strictObject({
  kind: z.literal('statusDelay'),
  id: requestLevel.id,
  ms: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000),
});
const Outage = z
  .strictObject({
    kind: z.literal('outage'),
    id: requestLevel.id,
    /** Real seconds during which every connection is refused. */
    seconds: z.number().positive().max(86_400).optional(),
    /** Real time (ISO 8601 or epoch ms) at which the outage ends; the control API is unreachable until then. */
    until: z.union([z.number().int().positive(), z.iso.datetime({ offset: true })]).optional(),
  })
  .refine((o) => (o.seconds === undefined) !== (o.until === undefined), {
    message: 'an outage needs exactly one of `seconds` or `until`',
  });

export const FaultRuleInput = z.discriminatedUnion('kind', [
  Latency,
  ErrorFault,
  Rate429,
  Reset,
  ApplyThenDrop,
  FeedDuplicate,
  FeedReorder,
  StatusDelay,
  Outage,
]);
export type FaultRuleInput = z.input<typeof FaultRuleInput>;
type ParsedRule = z.output<typeof FaultRuleInput>;
export type FaultKind = ParsedRule['kind'];
export const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'error',
  'rate429',
  'reset',
  'applyThenDrop',
  'feedDuplicate',
  'feedReorder',
  'statusDelay',
  'outage',
];

/** A stored rule: the parsed input with its id; `count` is what is left of it. */
export type FaultRule = Exclude<ParsedRule, { kind: 'outage' }> & { id: string };

/** What the request hook must do with one request. */
export interface FaultDecision {
  /** Real milliseconds to wait before anything else (sum of matching latency rules). */
  delayMs: number;
  action:
    | { kind: 'error'; status: number; body: unknown }
    | { kind: 'rate429'; retryAfterSeconds: number }
    | { kind: 'reset' }
    | { kind: 'applyThenDrop' }
    | null;
}

export interface FeedDeliverySettings {
  duplicateRate: number;
  reorder: boolean;
}

/** How the HTTP layer stops and resumes accepting connections; attached by routes/faults.ts. */
export interface OutageController {
  /** Begin refusing connections until `untilMs` (real time). */
  start(untilMs: number): void;
  /** Accept connections again (early end, expiry, or reset). */
  end(): Promise<void>;
}

export interface OutageState {
  /** Real time (epoch ms) at which connections are accepted again. */
  untilMs: number;
  until: string;
}

/** Thrown for bad rule input from places without a zod context (the CLI turns it into exit 2). */
export class FaultSpecError extends Error {}

export interface FaultStoreOptions {
  initial?: unknown[];
  seed?: number;
  /** Real time; the outage is deliberately wall-clock time (it acts on real sockets). */
  realNow?: () => number;
}

type RouteMatcher = (method: string, path: string) => boolean;

export class FaultStore {
  private rules: FaultRule[] = [];
  private readonly matchers = new Map<string, RouteMatcher>();
  private nextId = 1;
  private random: () => number;
  private outageUntil: number | null = null;
  private controller: OutageController | null = null;
  private readonly feedListeners: ((d: FeedDeliverySettings) => void)[] = [];
  private readonly seed: number;
  private readonly realNow: () => number;

  constructor(opts: FaultStoreOptions = {}) {
    this.seed = opts.seed ?? 42;
    this.realNow = opts.realNow ?? Date.now;
    this.random = mulberry32(this.seed);
    if (opts.initial?.length) {
      const parsed = z.array(FaultRuleInput).safeParse(opts.initial);
      if (!parsed.success)
        throw new FaultSpecError(`bad fault rule: ${formatIssues(parsed.error)}`);
      for (const r of parsed.data) this.addParsed(r);
    }
  }

  /** Validates and adds one rule or a list of them; returns what was stored (an outage starts now). */
  add(input: unknown): (FaultRule | (OutageState & { kind: 'outage'; id: string }))[] {
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0)
      throw new FaultSpecError('send a fault rule or a non-empty list of them');
    inputs.forEach((r, i) => {
      const kind = (r as { kind?: unknown } | null)?.kind;
      if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
        const where = Array.isArray(input) ? `rule ${i}: ` : '';
        throw new FaultSpecError(`${where}kind must be one of ${FAULT_KINDS.join(', ')}`);
      }
    });
    const rules = Array.isArray(input)
      ? z.array(FaultRuleInput).parse(input)
      : [FaultRuleInput.parse(input)];
    // All or nothing: check the ids before storing any rule of the list.
    const ids = rules.flatMap((r) => (r.id === undefined ? [] : [r.id]));
    const taken = ids.find((id, i) => ids.indexOf(id) !== i || this.rules.some((x) => x.id === id));
    if (taken !== undefined)
      throw new FaultSpecError(`a fault rule with id "${taken}" exists already`);
    return rules.map((r) => this.addParsed(r));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    const removed = this.rules.find((r) => r.id === id);
    this.rules = this.rules.filter((r) => r.id !== id);
    this.matchers.delete(id);
    if (removed && (removed.kind === 'feedDuplicate' || removed.kind === 'feedReorder'))
      this.emitFeed();
    return this.rules.length < before;
  }

  /** Removes every rule, ends an outage, restores normal feed delivery and reseeds the PRNG. */
  async clear(): Promise<void> {
    this.rules = [];
    this.matchers.clear();
    this.random = mulberry32(this.seed);
    this.emitFeed();
    await this.endOutage();
  }

  /**
   * Decides the fate of one request, consuming `count` and drawing probabilities. Latency rules
   * add up; the first failing rule that fires wins, and later failing rules are not consumed.
   */
  decide(method: string, path: string): FaultDecision | null {
    if (this.rules.length === 0) return null;
    let delayMs = 0;
    let action: FaultDecision['action'] = null;
    let touched = false;
    for (const rule of this.rules) {
      if (
        rule.kind === 'feedDuplicate' ||
        rule.kind === 'feedReorder' ||
        rule.kind === 'statusDelay'
      )
        continue;
      if (rule.kind !== 'latency' && action) continue;
      if (!this.matchers.get(rule.id)?.(method, path)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.count !== undefined) {
        rule.count -= 1;
        touched = true;
      }
      switch (rule.kind) {
        case 'latency':
          delayMs += rule.ms;
          break;
        case 'error':
          action = {
            kind: 'error',
            status: rule.status,
            body: rule.body ?? defaultErrorBody(rule.status, path),
          };
          break;
        case 'rate429':
          action = { kind: 'rate429', retryAfterSeconds: rule.retryAfterSeconds };
          break;
        case 'reset':
        case 'applyThenDrop':
          action = { kind: rule.kind };
          break;
      }
    }
    if (touched) {
      const used = (r: FaultRule) => 'count' in r && r.count === 0;
      for (const r of this.rules) if (used(r)) this.matchers.delete(r.id);
      this.rules = this.rules.filter((r) => !used(r));
    }
    return delayMs > 0 || action ? { delayMs, action } : null;
  }

  /** The longest `statusDelay` rule's delay, or null when there is none. */
  statusDelayMs(): number | null {
    let ms: number | null = null;
    for (const r of this.rules) if (r.kind === 'statusDelay') ms = Math.max(ms ?? 0, r.ms);
    return ms;
  }

  // ---- feed delivery (feedDuplicate / feedReorder) -----------------------------------------------

  feedDelivery(): FeedDeliverySettings {
    let duplicateRate = 0;
    let reorder = false;
    for (const r of this.rules) {
      if (r.kind === 'feedDuplicate') duplicateRate = Math.max(duplicateRate, r.rate);
      if (r.kind === 'feedReorder') reorder = true;
    }
    return { duplicateRate, reorder };
  }

  /** Called now and after every change of the feed rules. */
  onFeedDelivery(listener: (d: FeedDeliverySettings) => void): void {
    this.feedListeners.push(listener);
    listener(this.feedDelivery());
  }

  // ---- outage ------------------------------------------------------------------------------------

  attachOutageController(c: OutageController): void {
    this.controller = c;
  }

  /** The running outage, or null (an expired one counts as over even before its timer fired). */
  outage(): OutageState | null {
    if (this.outageUntil === null || this.outageUntil <= this.realNow()) return null;
    return { untilMs: this.outageUntil, until: new Date(this.outageUntil).toISOString() };
  }

  /** Starts (or extends/shortens) an outage; the programmatic twin of POSTing an outage rule. */
  startOutage(spec: { seconds?: number; until?: number | string }): OutageState {
    const parsed = Outage.safeParse({ kind: 'outage', ...spec });
    if (!parsed.success) throw new FaultSpecError(formatIssues(parsed.error));
    return this.beginOutage(parsed.data);
  }

  /** Ends an outage now and, when the server had stopped listening, waits until it listens again. */
  async endOutage(): Promise<void> {
    const was = this.outageUntil;
    this.outageUntil = null;
    if (was !== null) await this.controller?.end();
  }

  /** The controller reports that the timer ran out and the server listens again. */
  outageExpired(): void {
    this.outageUntil = null;
  }

  private beginOutage(o: Extract<ParsedRule, { kind: 'outage' }>): OutageState {
    const untilMs =
      o.seconds !== undefined
        ? this.realNow() + Math.round(o.seconds * 1000)
        : typeof o.until === 'number'
          ? o.until
          : Date.parse(o.until ?? '');
    this.outageUntil = untilMs;
    this.controller?.start(untilMs);
    return { untilMs, until: new Date(untilMs).toISOString() };
  }

  private addParsed(r: ParsedRule): FaultRule | (OutageState & { kind: 'outage'; id: string }) {
    let id = r.id;
    if (id === undefined) {
      // Generated ids skip any a caller chose.
      do id = `f${this.nextId++}`;
      while (this.rules.some((x) => x.id === id));
    }
    if (r.kind === 'outage') return { kind: 'outage', id, ...this.beginOutage(r) };
    if (this.rules.some((x) => x.id === id))
      throw new FaultSpecError(`a fault rule with id "${id}" exists already`);
    const rule = { ...r, id } as FaultRule;
    if (rule.kind !== 'feedDuplicate' && rule.kind !== 'feedReorder' && rule.kind !== 'statusDelay')
      this.matchers.set(id, compileRoute(rule.route));
    this.rules.push(rule);
    if (rule.kind === 'feedDuplicate' || rule.kind === 'feedReorder') this.emitFeed();
    return { ...rule };
  }

  private emitFeed(): void {
    const d = this.feedDelivery();
    for (const l of this.feedListeners) l(d);
  }
}

/** Compiles a `route` selector (see `Route`); throws a readable error for a bad one. */
export function compileRoute(route: string): RouteMatcher {
  const s = route.trim();
  if (s === '' || s === '*' || s === '**') return () => true;
  const re = /^\/(\^.*)\/([dgimsuy]*)$/.exec(s);
  if (re) {
    let rx: RegExp;
    try {
      rx = new RegExp(re[1] ?? '', re[2]);
    } catch (e) {
      throw new FaultSpecError(
        `route ${s} is not a valid regular expression: ${(e as Error).message}`,
      );
    }
    return (method, path) => rx.test(`${method} ${path}`);
  }
  const m = /^(?:([A-Za-z]+|\*)\s+)?(\/\S*)$/.exec(s);
  if (!m) {
    throw new FaultSpecError(
      `route "${s}" must be "*", "METHOD /path/glob" (e.g. "POST /api/oms/pvt/orders/*/invoice") or "/^regex/flags"`,
    );
  }
  const method = (m[1] ?? '*').toUpperCase();
  const glob = m[2] ?? '/';
  const pattern = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((lit) => lit.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  const rx = new RegExp(`^${pattern}$`);
  return (reqMethod, path) =>
    (method === '*' || method === reqMethod.toUpperCase()) && rx.test(path);
}

/** VTEX's error shapes: problem JSON on the order-system routes, the OMS shape elsewhere. */
function defaultErrorBody(status: number, path: string): unknown {
  const text = STATUS_CODES[status] ?? 'Error';
  if (path.startsWith('/api/order-system')) {
    return {
      type: `https://httpstatuses.io/${status}`,
      title: text,
      status,
      traceId: '00000000000000000000000000000000',
    };
  }
  return { error: { code: String(status), message: text, exception: null } };
}

function formatIssues(e: z.ZodError): string {
  return e.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'rule'}: ${i.message}`)
    .join('; ');
}

/** mulberry32: tiny, fast and good enough to make probabilities reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---- the CLI's compact syntax --------------------------------------------------------------------

const NUMERIC_KEYS = new Set([
  'ms',
  'status',
  'retryAfterSeconds',
  'count',
  'probability',
  'rate',
  'seconds',
]);

/**
 * Parses the CLI's `kind:key=value:key=value` (e.g. `latency:ms=200:route=GET /api/oms/pvt/orders/*`,
 * `error:status=503:rate=0.2`, `outage:seconds=30`) into a rule object; `rate` means the probability
 * except for `feedDuplicate`, where it is the duplicate share. Values may contain `:`; only a `:`
 * followed by `key=` separates fields. `body=` takes JSON and must come last.
 */
export function parseFaultSpec(spec: string): FaultRuleInput {
  // `body=` takes the rest of the spec: JSON may contain anything, `:x=` included.
  const bodyAt = spec.indexOf(':body=');
  const head = bodyAt < 0 ? spec.trim() : spec.slice(0, bodyAt).trim();
  const [kind, ...fields] = head.split(/:(?=[A-Za-z]+=)/);
  if (bodyAt >= 0) fields.push(spec.slice(bodyAt + 1));
  if (!kind || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultSpecError(`fault "${spec}": kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const rule: Record<string, unknown> = { kind };
  for (const f of fields) {
    const eq = f.indexOf('=');
    let key = f.slice(0, eq);
    const raw = f.slice(eq + 1);
    if (key === 'rate' && kind !== 'feedDuplicate') key = 'probability';
    if (key === 'retryAfter') key = 'retryAfterSeconds';
    if (NUMERIC_KEYS.has(key)) {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n))
        throw new FaultSpecError(`fault "${spec}": ${key} must be a number`);
      rule[key] = n;
    } else if (key === 'body') {
      try {
        rule[key] = JSON.parse(raw) as unknown;
      } catch {
        throw new FaultSpecError(`fault "${spec}": body must be JSON`);
      }
    } else if (key === 'until' && /^\d+$/.test(raw)) {
      rule[key] = Number(raw);
    } else {
      rule[key] = raw;
    }
  }
  const parsed = FaultRuleInput.safeParse(rule);
  if (!parsed.success) throw new FaultSpecError(`fault "${spec}": ${formatIssues(parsed.error)}`);
  return rule as FaultRuleInput;
}
