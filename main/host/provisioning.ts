import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PrintingSettings, StoreSettings } from '../core/print/settings';
import { writeFileAtomic } from '../core/settings';
import { APP_NAME } from './app-meta';
import type { StationConfig } from './station-config';

/**
 * Fleet set-up: an IT person provisions a station with a file instead of clicking through
 * Settings. The file is machine-wide (PROVISIONING_PATHS) or named with `--station-config FILE`.
 * At every start its choices are written into the station's settings, so changing the file and
 * restarting changes the station. The appToken comes from ORDER_DESK_APP_TOKEN or from the file's
 * one-time `appToken` field, which is moved into the secret store and removed from the file.
 *
 * {
 *   "account": "mystore", "environment": "vtexcommercestable",
 *   "stationName": "Packing 2", "appKey": "vtexappkey-mystore-ABCDEF",
 *   "appToken": "… (one time)",
 *   "printing": { "thermalPrinter": "EPSON_TM_T20" }, "store": { "name": "Loja Centro" },
 *   "updateUrl": "https://files.mystore.example/order-desk/",
 *   "startAtLogin": true, "kiosk": false
 * }
 */

export const TOKEN_ENV = 'ORDER_DESK_APP_TOKEN';

/** Where a machine-wide provisioning file is looked for. */
export function provisioningPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') {
    return join(env.ProgramData || 'C:\\ProgramData', APP_NAME, 'station.json');
  }
  if (platform === 'darwin') return join('/Library/Application Support', APP_NAME, 'station.json');
  return '/etc/order-desk/station.json';
}

const hostLabel = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export const ProvisioningFile = z.strictObject({
  account: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes (the account name, not a URL)')
    .optional(),
  environment: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes')
    .optional(),
  stationName: z.string().trim().min(1, 'name this station (e.g. "Packing 2")').max(60).optional(),
  appKey: z.string().trim().min(1, 'enter the VTEX app key').max(200).optional(),
  appToken: z.string().trim().min(1, 'leave it out, or give the VTEX app token').optional(),
  printing: PrintingSettings.partial().optional(),
  store: StoreSettings.partial().optional(),
  updateUrl: z
    .url({ protocol: /^https?$/, error: 'enter the full address of the update folder (https://…)' })
    .optional(),
  startAtLogin: z.boolean({ error: 'true or false' }).optional(),
  kiosk: z.boolean({ error: 'true or false' }).optional(),
});
export type ProvisioningFile = z.infer<typeof ProvisioningFile>;

/** What the app itself does with the file (beyond the settings). */
export interface StationOptions {
  updateUrl: string | null;
  startAtLogin: boolean | null;
  kiosk: boolean | null;
}

export type ProvisioningResult =
  | { status: 'none' }
  | { status: 'invalid'; file: string; problems: string[] }
  | {
      status: 'applied';
      file: string;
      options: StationOptions;
      /** What was written, for the log (never the token). */
      applied: string[];
      /** Things the person who provisioned should know (e.g. the token could not be removed). */
      warnings: string[];
    };

/** Reads and validates a provisioning file: one message per wrong field. */
export function readProvisioning(
  file: string,
): { ok: true; data: ProvisioningFile } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return {
      ok: false,
      problems: [
        err instanceof SyntaxError
          ? `not valid JSON (${err.message})`
          : `cannot be read (${(err as Error).message})`,
      ],
    };
  }
  const r = ProvisioningFile.safeParse(raw);
  if (r.success) {
    if ((r.data.account === undefined) !== (r.data.appKey === undefined)) {
      return { ok: false, problems: ['account and appKey: give both, or neither (demo mode)'] };
    }
    return { ok: true, data: r.data };
  }
  return {
    ok: false,
    problems: r.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.join(', ')}`;
      return `${path || '(file)'}: ${i.message}`;
    }),
  };
}

/**
 * Applies the provisioning file, when there is one, to the station's settings and secret store.
 * `explicit` is the `--station-config` path (a missing explicit file is a problem; a missing
 * machine-wide one just means this station is not provisioned).
 */
export function applyProvisioning(
  config: StationConfig,
  opts: { explicit?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {},
): ProvisioningResult {
  const env = opts.env ?? process.env;
  const file = opts.explicit ?? provisioningPath(opts.platform, env);
  if (!existsSync(file)) {
    return opts.explicit
      ? { status: 'invalid', file, problems: ['the file does not exist'] }
      : { status: 'none' };
  }
  const read = readProvisioning(file);
  if (!read.ok) return { status: 'invalid', file, problems: read.problems };
  const p = read.data;
  const applied: string[] = [];
  const warnings: string[] = [];
  const cur = config.settings;

  if (p.account && p.appKey) {
    const saved = {
      ...(cur ?? {}),
      connection: {
        mode: 'account' as const,
        accountName: p.account,
        ...(p.environment ? { environment: p.environment } : {}),
      },
      appKey: p.appKey,
      stationName: p.stationName ?? cur?.stationName ?? config.prefs.stationName ?? 'Station',
      operator: cur?.operator ?? '',
      ...(p.store || cur?.store ? { store: { ...(cur?.store ?? {}), ...(p.store ?? {}) } } : {}),
      ...(p.printing || cur?.printing
        ? { printing: { ...(cur?.printing ?? {}), ...(p.printing ?? {}) } }
        : {}),
    };
    try {
      config.saveSettings(saved);
      applied.push('account', 'appKey', 'stationName');
      if (p.store) applied.push('store');
      if (p.printing) applied.push('printing');
    } catch (err) {
      return { status: 'invalid', file, problems: [(err as Error).message] };
    }
  } else if (p.stationName || p.store || p.printing) {
    config.savePrefs({
      ...(p.stationName ? { stationName: p.stationName } : {}),
      ...(p.store ? { store: { ...(config.prefs.store ?? {}), ...p.store } as never } : {}),
      ...(p.printing
        ? { printing: { ...(config.prefs.printing ?? {}), ...p.printing } as never }
        : {}),
    });
    applied.push(...(['stationName', 'store', 'printing'] as const).filter((k) => p[k]));
  }

  const token = env[TOKEN_ENV]?.trim() || p.appToken;
  if (token) {
    config.setToken(token);
    applied.push('appToken');
  }
  if (p.appToken !== undefined) {
    // The token now lives in the secret store only; the file keeps everything else.
    const { appToken: _moved, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      unknown
    >;
    try {
      writeFileAtomic(file, `${JSON.stringify(rest, null, 2)}\n`, 0o600);
    } catch (err) {
      warnings.push(
        `the appToken was stored, but ${file} could not be rewritten without it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): remove the "appToken" line by hand`,
      );
    }
  }
  return {
    status: 'applied',
    file,
    applied,
    warnings,
    options: {
      updateUrl: p.updateUrl ?? null,
      startAtLogin: p.startAtLogin ?? null,
      kiosk: p.kiosk ?? null,
    },
  };
}
