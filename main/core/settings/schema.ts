import { z } from 'zod';
import { FROM_ORDERS, FROM_WORKFLOW, OPEN_STATUSES, type FeedFilter } from '../../../vtex';
import { PrintingSettings, StoreSettings } from '../print/settings';
import type { SecretStorageKind } from './secret-store';
import { CounterSettingsSchema } from '../counter/settings';

/**
 * The station's settings, as stored in `settings.json` in the data folder. The VTEX app token is
 * NOT here: it lives only in the SecretStore (see secret-store.ts), so this file can be copied,
 * attached to a support ticket or logged without leaking a credential.
 */

/** What the settings screen says next to the fields, in plain words. */
export const SETTINGS_NOTES = {
  appKey:
    'Use a separate VTEX app key for every station. VTEX keeps one order feed per app key: ' +
    'stations that share a key take order updates away from each other, and each of them then ' +
    'misses orders.',
  /** The default when the store is not known; the runtime says where its store keeps it. */
  appToken: appTokenNote(undefined),
  connection:
    'Enter the VTEX account name (the “mystore” in mystore.myvtex.com). Use “Address” only for ' +
    'the built-in demo sandbox or a test server.',
} as const;

/** What Settings says about the app token, true to where the secret store really keeps it. */
export function appTokenNote(storage: SecretStorageKind | undefined): string {
  const never = 'never in the settings file or in logs';
  switch (storage) {
    case 'os-keyring':
      return `The app token is kept in this computer’s secret store (the OS keyring), ${never}.`;
    case 'encrypted-file':
      return `The app token is kept encrypted with a key this computer keeps for your OS user, ${never}.`;
    case 'memory':
      return `The app token is kept in memory only, for this run, ${never}.`;
    default:
      return (
        'This computer has no secret store the desk can use: the app token is kept in a file of ' +
        'the data folder (secrets.json) that only your OS user (and the administrator) can read, ' +
        `${never}.`
      );
  }
}

export const DEFAULT_ENVIRONMENT = 'vtexcommercestable';

const hostLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const AccountConnection = z.object({
  mode: z.literal('account'),
  accountName: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes (the account name, not a URL)'),
  environment: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes')
    .default(DEFAULT_ENVIRONMENT),
});
export type AccountConnection = z.infer<typeof AccountConnection>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const UrlConnection = z.object({
  mode: z.literal('url'),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'enter a full address such as http://127.0.0.1:8787' })
    .transform((u) => u.replace(/\/+$/, ''))
    // The app token travels in a header: plain http only where it cannot leave this machine.
    .refine((u) => u.startsWith('https://') || LOOPBACK.has(new URL(u).hostname), {
      message: 'use https:// (plain http:// only for this computer, 127.0.0.1)',
    }),
});
export type UrlConnection = z.infer<typeof UrlConnection>;

export const Connection = z.discriminatedUnion('mode', [AccountConnection, UrlConnection]);
export type Connection = z.infer<typeof Connection>;

/** The statuses a desk follows by default: its open work plus the outcomes that close it. */
export const DEFAULT_FEED_STATUSES: readonly string[] = [
  ...OPEN_STATUSES,
  'invoiced',
  'cancellation-requested',
  'cancel',
  'canceled',
];

export const FeedFilterChoice = z.discriminatedUnion('type', [
  z.object({
    type: z.literal(FROM_WORKFLOW),
    statuses: z.array(z.string().trim().min(1)).min(1, 'choose at least one status'),
  }),
  z.object({
    type: z.literal(FROM_ORDERS),
    expression: z.string().trim().min(1, 'enter a JSONata expression'),
    disableSingleFire: z.boolean().default(false),
  }),
]);
export type FeedFilterChoice = z.infer<typeof FeedFilterChoice>;

export const DEFAULT_FEED_FILTER: FeedFilterChoice = {
  type: FROM_WORKFLOW,
  statuses: [...DEFAULT_FEED_STATUSES],
};

export const SETTINGS_VERSION = 1;

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  connection: Connection,
  appKey: z.string().trim().min(1, 'enter the VTEX app key').max(200),
  stationName: z.string().trim().min(1, 'name this station (e.g. "Packing 2")').max(60),
  operator: z.string().trim().max(60).default(''),
  feedFilter: FeedFilterChoice.default(DEFAULT_FEED_FILTER),
  /** The store printed on slips (issue 6); absent until set. */
  store: StoreSettings.optional(),
  /** Printers and slip choices (issue 6); absent means the defaults of PrintingSettings. */
  printing: PrintingSettings.optional(),
  /** The counter sale: the e-mail VTEX gets, the final consumer, pickup point, cash payment. */
  counter: CounterSettingsSchema.optional(),
});
/** Validated settings (what the app uses). */
export type Settings = z.infer<typeof Settings>;
/** What a settings form submits: defaults may be left out. */
export type SettingsInput = z.input<typeof Settings>;

/** `https://{account}.{environment}.com.br` (digest §4), or the given address without a trailing /. */
export function connectionBaseUrl(c: Connection): string {
  return c.mode === 'account' ? `https://${c.accountName}.${c.environment}.com.br` : c.baseUrl;
}

/** The feed filter as VTEX's `POST /api/orders/feed/config` takes it. */
export function toFeedFilter(choice: FeedFilterChoice): FeedFilter {
  return choice.type === FROM_WORKFLOW
    ? { type: FROM_WORKFLOW, status: [...choice.statuses] }
    : {
        type: FROM_ORDERS,
        expression: choice.expression,
        disableSingleFire: choice.disableSingleFire,
      };
}

export interface SettingsIssue {
  /** Dotted field path, e.g. `connection.accountName`. */
  path: string;
  message: string;
}

export type SettingsValidation =
  { ok: true; settings: Settings } | { ok: false; issues: SettingsIssue[] };

/** Validates form input without throwing, for field-by-field messages. */
export function validateSettings(input: unknown): SettingsValidation {
  const r = Settings.safeParse(input);
  return r.success
    ? { ok: true, settings: r.data }
    : {
        ok: false,
        issues: r.error.issues.map((i) => ({
          path: i.path.map(String).join('.') || '(settings)',
          message: i.message,
        })),
      };
}

export function describeIssues(issues: readonly SettingsIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
