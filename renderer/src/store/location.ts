import { QUEUES } from '../model';
import type { DeskStore } from './index';
import type { Screen } from './slices/ui';

/**
 * Where the person is (screen, queue, open order), kept in sessionStorage so that a page that is
 * loaded again — main reloads a renderer that crashed, a browser tab is refreshed — opens where it
 * was instead of on the start screen. sessionStorage belongs to the window, so it outlives the
 * renderer process but not the app: a new day starts on the queues.
 */

const LOCATION_KEY = 'order-desk.location';

const SCREENS = [
  'queues',
  'order',
  'attention',
  'settings',
  'print',
  'drawer',
  'counter',
] as const satisfies readonly Screen[];

export interface DeskLocation {
  screen: Screen;
  queue: (typeof QUEUES)[number];
  orderId: string | null;
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The saved location, or null when there is none or it is not one this renderer knows. */
export function readLocation(storage: Store): DeskLocation | null {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(LOCATION_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { screen, queue, orderId } = raw as Record<string, unknown>;
  if (!isOneOf(SCREENS, screen) || !isOneOf(QUEUES, queue)) return null;
  if (screen === 'order' && (typeof orderId !== 'string' || orderId === '')) return null;
  return { screen, queue, orderId: screen === 'order' ? (orderId as string) : null };
}

function locationOf(state: ReturnType<DeskStore['getState']>): DeskLocation {
  return {
    screen: state.screen,
    queue: state.queue,
    orderId: state.screen === 'order' ? state.order.id : null,
  };
}

function write(storage: Store, location: DeskLocation): void {
  try {
    storage.setItem(LOCATION_KEY, JSON.stringify(location));
  } catch {
    // Storage full or refused: the desk works the same, a reload just starts on the queues.
  }
}

/** Saves the location on every navigation; returns the unsubscribe. */
export function rememberLocation(store: DeskStore, storage: Store): () => void {
  write(storage, locationOf(store.getState()));
  return store.subscribe((state, prev) => {
    if (
      state.screen !== prev.screen ||
      state.queue !== prev.queue ||
      state.order.id !== prev.order.id
    ) {
      write(storage, locationOf(state));
    }
  });
}

/** Opens the saved location, if any: call once, before `rememberLocation` overwrites it. */
export function restoreLocation(store: DeskStore, storage: Store): void {
  const saved = readLocation(storage);
  if (!saved) return;
  store.setState({ queue: saved.queue });
  const s = store.getState();
  if (saved.screen === 'order' && saved.orderId) void s.openOrder(saved.orderId);
  else if (saved.screen !== 'queues') s.go(saved.screen);
}
