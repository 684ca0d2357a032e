/**
 * `npm run desk:act -- --db FILE --operator NAME --station NAME <action> <orderId> [--data JSON]`
 * (or `--data-file FILE`, `-` for standard input, for large payloads)
 *
 * Queues one order action exactly as the desk's screens do: the same validation (VTEX's rules on
 * the order as this desk believes it is), the same durable write of the outbox row and the
 * order's optimistic state. Prints the action id, or the refusal (`CODE: message`) and exits 1.
 * `desk:sync` sends what is queued. Also: `list`, `retry`, `edit`, `discard` for Needs attention.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../main/core/clock';
import { closeDeskDb, openDeskDb, type DeskDb } from '../main/core/db';
import {
  ACTION_VERBS,
  discardAction,
  editAction,
  getAction,
  listActions,
  queueAction,
  retryAction,
  setInvoicePattern,
  type ActionRow,
  type ActionVerb,
  type Actor,
  type Refusal,
} from '../main/core/outbox';

const USAGE = `Usage: npm run desk:act -- --db FILE [options] <command>

Queue an action (validated like the desk's screens; prints the action id):
  --operator NAME --station NAME <action> <orderId> [--data JSON | --data-file FILE]
    <action>: ${ACTION_VERBS.join(' | ')}
    --data examples:
      record-payment  {"paymentId":"…"}              (default: the order's only offline payment)
      invoice         {"type":"Output","items":[{"id":"SKU","quantity":1}],"invoiceNumber":"NF-1",
                       "invoiceKey":"…","issuanceDate":"2026-11-27T10:30:00-03:00","invoiceUrl":"…",
                       "courier":"…","trackingNumber":"…","trackingUrl":"…"}
                      (no items: everything left; no invoiceNumber: the station's pattern;
                       {"type":"Input","items":[…]} is a return, after full invoicing)
      tracking        {"invoiceNumber":"NF-1","trackingNumber":"BR1","courier":"Correios"}
                      or {"invoiceNumber":"NF-1","isDelivered":true,"events":[{"description":"…","date":"…"}]}
      cancel          {"reason":"…"}
      note            {"message":"…"}

Inspect and resolve:
  list [--all]                         pending and Needs attention (--all: everything)
  show <actionId>                      one action as JSON
  retry <actionId>                     send an action in Needs attention again
  edit <actionId> --data JSON          new details, same action id (--operator/--station needed)
  discard <actionId> --reason TEXT     give an action up
  set-invoice-pattern <pattern>        e.g. "{station}-{seq:6}" or "NF{yyyy}-{seq:8}"

Options:
  --data-file FILE      read the --data JSON from FILE (- for standard input)
  --invoice-pattern P   use this pattern for this action (default: the saved one)
  --utc-offset ±HH:MM   the station's offset for issuance dates (default: this computer's)
  --help`;

class UsageError extends Error {}

interface Flags {
  db: string;
  operator: string;
  station: string;
  data: unknown;
  reason: string | undefined;
  all: boolean;
  invoicePattern: string | undefined;
  utcOffsetMinutes: number | undefined;
  positionals: string[];
}

function parseOffset(raw: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(raw.trim());
  if (!m) throw new UsageError(`--utc-offset must look like -03:00, got "${raw}"`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes > 14 * 60) throw new UsageError(`--utc-offset is out of range: "${raw}"`);
  return m[1] === '-' ? -minutes : minutes;
}

function parseFlags(argv: string[]): Flags | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        operator: { type: 'string' },
        station: { type: 'string' },
        data: { type: 'string' },
        'data-file': { type: 'string' },
        reason: { type: 'string' },
        all: { type: 'boolean', default: false },
        'invoice-pattern': { type: 'string' },
        'utc-offset': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (!v.db) throw new UsageError('missing --db FILE');
  if (v.data !== undefined && v['data-file'] !== undefined) {
    throw new UsageError('give --data or --data-file, not both');
  }
  const raw = v['data-file'] !== undefined ? readDataFile(v['data-file']) : v.data;
  const what = v['data-file'] !== undefined ? `--data-file ${v['data-file']}` : '--data';
  let data: unknown = undefined;
  if (raw !== undefined) {
    try {
      data = JSON.parse(raw) as unknown;
    } catch (e) {
      throw new UsageError(`${what} is not valid JSON: ${(e as Error).message}`);
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new UsageError(`${what} must be a JSON object, e.g. {"reason":"…"}`);
    }
  }
  return {
    db: v.db,
    operator: v.operator ?? '',
    station: v.station ?? '',
    data,
    reason: v.reason,
    all: v.all ?? false,
    invoicePattern: v['invoice-pattern'],
    utcOffsetMinutes: v['utc-offset'] === undefined ? undefined : parseOffset(v['utc-offset']),
    positionals: parsed.positionals,
  };
}

/** Longest payload read from a file or standard input (an invoice with 500 lines fits easily). */
const MAX_DATA_BYTES = 4 * 1024 * 1024;

function readDataFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw new UsageError(`cannot read --data-file ${file}: ${(e as Error).message}`);
  }
  if (bytes.length > MAX_DATA_BYTES) {
    throw new UsageError(`--data-file ${file} is larger than ${MAX_DATA_BYTES} bytes`);
  }
  return bytes.toString('utf8');
}

function actorOf(flags: Flags): Actor {
  if (!flags.operator || !flags.station) {
    throw new UsageError('--operator NAME and --station NAME are needed to act on orders');
  }
  return {
    station: flags.station,
    operator: flags.operator,
    clock: systemClock,
    ...(flags.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: flags.utcOffsetMinutes } : {}),
    ...(flags.invoicePattern !== undefined ? { invoicePattern: flags.invoicePattern } : {}),
  };
}

function line(a: ActionRow): string {
  const target = a.request.kind === 'invoice' ? a.request.body.invoiceNumber : a.request.target;
  const err = a.lastError ? `  ${a.lastError.code}: ${a.lastError.message}` : '';
  return [
    a.id,
    a.orderId,
    a.kind + (target ? `(${target})` : ''),
    a.state,
    `attempts=${a.attempts}`,
    new Date(a.createdAt).toISOString(),
    `${a.operator}@${a.station}`,
  ]
    .join('  ')
    .concat(err);
}

function refused(r: Refusal): number {
  console.error(`refused ${r.code}: ${r.message}`);
  return 1;
}

function one(positionals: string[], what: string): string {
  const [, id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError(`${positionals[0]} takes one ${what}`);
  return id;
}

function run(db: DeskDb, flags: Flags): number {
  const [command, orderId, extra] = flags.positionals;
  switch (command) {
    case undefined:
      throw new UsageError('missing the action or command');
    case 'list': {
      const rows = listActions(
        db,
        flags.all ? { states: ['queued', 'sending', 'attention', 'done', 'discarded'] } : {},
      );
      for (const a of rows) console.log(line(a));
      const pending = rows.filter((a) => a.state === 'queued' || a.state === 'sending').length;
      const attention = rows.filter((a) => a.state === 'attention').length;
      console.log(`${pending} pending, ${attention} in Needs attention`);
      return 0;
    }
    case 'show': {
      const a = getAction(db, one(flags.positionals, 'action id'));
      if (!a)
        return refused({
          code: 'ACTION_NOT_FOUND',
          message: 'There is no such action on this desk.',
        });
      console.log(JSON.stringify(a, null, 2));
      return 0;
    }
    case 'retry': {
      const id = one(flags.positionals, 'action id');
      const r = retryAction(db, systemClock, id);
      if (!r.ok) return refused(r.refusal);
      console.log(id);
      return 0;
    }
    case 'edit': {
      const id = one(flags.positionals, 'action id');
      if (flags.data === undefined) throw new UsageError('edit needs --data JSON');
      const r = editAction(db, actorOf(flags), id, flags.data);
      if (!r.ok) return refused(r.refusal);
      console.log(id);
      return 0;
    }
    case 'discard': {
      const id = one(flags.positionals, 'action id');
      if (!flags.reason) throw new UsageError('discard needs --reason TEXT');
      const r = discardAction(db, systemClock, id, flags.reason);
      if (!r.ok) return refused(r.refusal);
      console.log(id);
      return 0;
    }
    case 'set-invoice-pattern': {
      const pattern = one(flags.positionals, 'pattern');
      const bad = setInvoicePattern(db, pattern);
      if (bad) return refused({ code: 'INVOICE_PATTERN_INVALID', message: bad });
      console.log(pattern);
      return 0;
    }
  }
  if (!(ACTION_VERBS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown action "${command}"; use one of ${ACTION_VERBS.join(', ')}`);
  }
  if (!orderId || extra !== undefined) throw new UsageError(`${command} takes one order id`);
  const r = queueAction(db, actorOf(flags), {
    verb: command as ActionVerb,
    orderId,
    ...(flags.data !== undefined ? { data: flags.data } : {}),
  });
  if (!r.ok) return refused(r.refusal);
  console.log(r.actionId);
  return 0;
}

export function main(argv: string[]): number {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`desk:act: ${e.message} (--help for usage)`);
    return 2;
  }
  if (flags === 'help') {
    console.log(USAGE);
    return 0;
  }
  let db: DeskDb;
  try {
    db = openDeskDb(flags.db);
  } catch (e) {
    console.error(`desk:act: ${(e as Error).message}`);
    return 1;
  }
  try {
    return run(db, flags);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`desk:act: ${e.message} (--help for usage)`);
    return 2;
  } finally {
    closeDeskDb(db);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  console.error('desk:act failed:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
