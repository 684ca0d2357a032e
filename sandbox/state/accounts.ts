import type { Db } from './db';
import { schema } from './db';

export interface KeyPair {
  appKey: string;
  appToken: string;
  /**
   * License Manager resources the key holds (vtex/resources.ts); absent: every resource, as a key
   * with an "Owner"-like role.
   */
  resources?: readonly string[];
}

/** The default pair printed by the CLI and written in README.md. */
export const DEFAULT_KEY: KeyPair = {
  appKey: 'vtexappkey-sandbox-DESK01',
  appToken: 'sandbox-secret-token',
};

/**
 * Registered appKey/appToken pairs. Each appKey owns its own feed and hook, as at VTEX, so tests
 * can prove that two stations with two keys do not steal each other's events.
 */
export class AccountStore {
  /**
   * appKey → appToken, read through on every authenticated request: the auth hook runs before
   * every /api route, and a SELECT per request was a visible share of the cheapest ones. Only this
   * class writes `app_keys` (a reset keeps the keys), so the copy cannot go stale.
   */
  private tokens: Map<string, string> | null = null;

  /** appKey → resources (null: all), read through like the tokens. */
  private resources: Map<string, Set<string> | null> | null = null;

  constructor(private readonly db: Db) {
    schema(
      db,
      'CREATE TABLE IF NOT EXISTS app_keys (app_key TEXT PRIMARY KEY, app_token TEXT NOT NULL)',
    );
    // Apart from app_keys so databases written before resources existed open unchanged.
    schema(
      db,
      'CREATE TABLE IF NOT EXISTS app_key_resources (app_key TEXT PRIMARY KEY, resources TEXT NOT NULL)',
    );
  }

  register(pair: KeyPair): void {
    this.db
      .prepare(
        'INSERT INTO app_keys (app_key, app_token) VALUES (?, ?) ON CONFLICT(app_key) DO UPDATE SET app_token = excluded.app_token',
      )
      .run(pair.appKey, pair.appToken);
    this.tokens?.set(pair.appKey, pair.appToken);
    if (pair.resources) {
      this.db
        .prepare(
          'INSERT INTO app_key_resources (app_key, resources) VALUES (?, ?) ON CONFLICT(app_key) DO UPDATE SET resources = excluded.resources',
        )
        .run(pair.appKey, JSON.stringify(pair.resources));
    } else {
      this.db.prepare('DELETE FROM app_key_resources WHERE app_key = ?').run(pair.appKey);
    }
    this.resources = null;
  }

  /** Whether the key holds at least one of `anyOf`. */
  holdsAny(appKey: string, anyOf: readonly string[]): boolean {
    if (!this.resources) {
      const rows = this.db.prepare('SELECT app_key, resources FROM app_key_resources').all() as {
        app_key: string;
        resources: string;
      }[];
      this.resources = new Map(
        rows.map((r) => [r.app_key, new Set(JSON.parse(r.resources) as string[])]),
      );
    }
    const held = this.resources.get(appKey);
    return !held || anyOf.some((r) => held.has(r));
  }

  verify(appKey: string | undefined, appToken: string | undefined): boolean {
    if (!appKey || !appToken) return false;
    this.tokens ??= new Map(this.list().map((k) => [k.appKey, k.appToken]));
    const token = this.tokens.get(appKey);
    return token !== undefined && token === appToken;
  }

  list(): KeyPair[] {
    return (
      this.db.prepare('SELECT app_key, app_token FROM app_keys ORDER BY app_key').all() as {
        app_key: string;
        app_token: string;
      }[]
    ).map((r) => ({ appKey: r.app_key, appToken: r.app_token }));
  }
}
