import jsonata from 'jsonata';
import type { FeedFilterView } from '../../preload/contract';
import {
  FROM_ORDERS,
  FROM_WORKFLOW,
  ORDER_STATUSES,
  FEED_ONLY_STATUSES,
  type FeedFilter,
  type OrderDocument,
} from '../../vtex';
import { getOrderDoc, listOrders } from '../core/db';
import { DEFAULT_FEED_STATUSES, toFeedFilter } from '../core/settings';
import { isVtexClientError } from '../core/vtex/errors';
import type { DeskServices } from './desk-services';
import { IpcRefusal, messageOf, toFailure } from './errors';
import type { Handlers } from './handlers';

type SettingsChannel =
  | 'settings:get'
  | 'settings:save'
  | 'settings:test-connection'
  | 'feed:get-config'
  | 'feed:set-filter'
  | 'feed:test-expression'
  | 'hook:get'
  | 'hook:set'
  | 'hook:delete'
  | 'operator:get'
  | 'operator:start-shift'
  | 'operator:end-shift'
  | 'operator:verify-pin'
  | 'app:set-locale';

/** VTEX's filter (status / expression) as the settings screen shows it. */
export function filterView(f: FeedFilter | null | undefined): FeedFilterView | null {
  if (!f) return null;
  if (f.type === FROM_WORKFLOW) {
    const statuses = Array.isArray(f.status) ? f.status.map(String) : [];
    return statuses.length > 0 ? { type: FROM_WORKFLOW, statuses } : null;
  }
  if (f.type === FROM_ORDERS && typeof f.expression === 'string' && f.expression.trim() !== '') {
    return {
      type: FROM_ORDERS,
      expression: f.expression,
      disableSingleFire: f.disableSingleFire === true,
    };
  }
  return null;
}

const ONLINE = { retries: 0, timeoutMs: 8000 } as const;

/** A failed VTEX call as the `{code, message}` a screen shows next to the section. */
function callError(err: unknown): { code: string; message: string } {
  const f = toFailure(err);
  if (f) return { code: f.code, message: f.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

function pick(v: unknown, ...keys: string[]): number | null {
  if (!v || typeof v !== 'object') return null;
  for (const k of keys) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'number') return x;
  }
  return null;
}

/** The newest cached order: what an expression is tried on when no order is named. */
function newestOrder(services: DeskServices): OrderDocument | undefined {
  const db = services.session().db;
  const first = listOrders(db, { sort: 'creation_desc', limit: 1 }).rows[0];
  return first ? getOrderDoc(db, first.orderId) : undefined;
}

export function settingsHandlers(desk: () => DeskServices): Pick<Handlers, SettingsChannel> {
  const feedConfig = async () => {
    const s = desk();
    const filter = s.settings.feedFilter();
    const base = {
      filter,
      statuses: [...new Set([...ORDER_STATUSES, ...FEED_ONLY_STATUSES])],
      defaultStatuses: [...DEFAULT_FEED_STATUSES],
    };
    try {
      const c = await s.session().client.getFeedConfig(ONLINE);
      return {
        ...base,
        vtex: {
          filter: filterView(c.filter),
          visibilityTimeoutInSeconds: pick(c.queue, 'visibilityTimeoutInSeconds'),
          messageRetentionPeriodInSeconds: pick(
            c.queue,
            'messageRetentionPeriodInSeconds',
            'MessageRetentionPeriodInSeconds',
          ),
          quantity: c.quantity ?? null,
        },
        vtexError: null,
      };
    } catch (err) {
      if (err instanceof IpcRefusal) throw err;
      // 404: no configuration for this appKey yet (the feed makes one when it starts).
      const none = isVtexClientError(err) && err.code === 'VTEX_NOT_FOUND';
      return { ...base, vtex: null, vtexError: none ? null : callError(err) };
    }
  };

  const hookView = async () => {
    try {
      const h = await desk().session().client.getHookConfig(ONLINE);
      if (!h.hook?.url) return { hook: null };
      return {
        hook: {
          url: h.hook.url,
          headers: { ...(h.hook.headers ?? {}) },
          filter: filterView(h.filter),
        },
      };
    } catch (err) {
      if (isVtexClientError(err) && err.code === 'VTEX_NOT_FOUND') return { hook: null };
      throw err;
    }
  };

  return {
    'settings:get': () => desk().settings.view(),
    'settings:save': (req) => desk().settings.save(req),
    'settings:test-connection': (req) => desk().settings.testConnection(req),

    'feed:get-config': () => feedConfig(),
    'feed:set-filter': async ({ filter }) => {
      await desk().settings.setFeedFilter(filter);
      return feedConfig();
    },

    'feed:test-expression': async ({ expression, orderId }) => {
      const s = desk();
      const doc = orderId ? getOrderDoc(s.session().db, orderId) : newestOrder(s);
      if (orderId && !doc) {
        throw new IpcRefusal(
          'ORDER_NOT_FOUND',
          `Order ${orderId} is not on this desk; try the expression on another order.`,
        );
      }
      let compiled: ReturnType<typeof jsonata>;
      try {
        compiled = jsonata(expression);
      } catch (err) {
        throw new IpcRefusal(
          'EXPRESSION_INVALID',
          `${messageOf('EXPRESSION_INVALID')} (${(err as Error).message})`,
          [{ path: 'expression', message: (err as Error).message }],
        );
      }
      if (!doc) {
        return {
          orderId: null,
          local: {
            result: null,
            value: null,
            error: {
              code: 'ORDER_NOT_FOUND',
              message: 'No order is on this desk yet to try the expression on.',
            },
          },
          vtex: null,
        };
      }
      let local;
      try {
        const value: unknown = await compiled.evaluate(doc);
        local = {
          result: value === true,
          value: value === undefined ? null : JSON.stringify(value).slice(0, 2000),
          error: null,
        };
      } catch (err) {
        local = {
          result: null,
          value: null,
          error: { code: 'EXPRESSION_INVALID', message: (err as Error).message },
        };
      }
      let vtex;
      try {
        const result = await s.session().client.testJsonata(expression, doc, ONLINE);
        vtex = { result, value: null, error: null };
      } catch (err) {
        if (err instanceof IpcRefusal) throw err;
        vtex = { result: null, value: null, error: callError(err) };
      }
      return { orderId: doc.orderId, local, vtex };
    },

    'hook:get': () => hookView(),
    'hook:set': async ({ url, headers, filter }) => {
      const s = desk();
      const chosen = filter ?? s.settings.feedFilter();
      await s
        .session()
        .client.setHookConfig(
          { filter: toFeedFilter(chosen), hook: { url, headers: headers ?? {} } },
          ONLINE,
        );
      return hookView();
    },
    'hook:delete': async () => {
      try {
        await desk().session().client.deleteHookConfig(ONLINE);
      } catch (err) {
        if (!(isVtexClientError(err) && err.code === 'VTEX_NOT_FOUND')) throw err;
      }
      return { hook: null };
    },

    'operator:get': () => ({ operator: desk().shift.current() }),
    'operator:start-shift': ({ name, pin }) => ({ operator: desk().shift.start(name, pin) }),
    'operator:verify-pin': ({ name, pin }) => desk().shift.verify(name, pin),
    'operator:end-shift': () => {
      desk().shift.end();
      return { operator: null };
    },

    'app:set-locale': ({ locale }) => {
      desk().settings.setLocale(locale);
      return { locale };
    },
  };
}
