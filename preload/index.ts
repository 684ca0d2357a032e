import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, isChannel, isEventType } from './contract/channels';
import type { DeskApi, DeskEvent, DeskResult } from './contract';

/**
 * The whole of what the page gets from Electron: `window.desk` with `invoke` and `on`. Channels
 * and event types are checked against the contract's lists here already; main validates payloads.
 * Imports only the contract's name lists (no zod): a sandboxed preload cannot load packages.
 */

type Listener = (event: DeskEvent) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, payload: unknown) => {
  if (typeof payload !== 'object' || payload === null) return;
  const type = (payload as { type?: unknown }).type;
  if (!isEventType(type)) return;
  for (const listener of [...(listeners.get(type) ?? [])]) listener(payload as DeskEvent);
});

const desk: DeskApi = {
  async invoke(channel: string, payload?: unknown): Promise<DeskResult<never>> {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CHANNEL',
          message: `Unknown channel "${String(channel).slice(0, 80)}"`,
        },
      };
    }
    try {
      return (await ipcRenderer.invoke(channel, payload)) as DeskResult<never>;
    } catch (err) {
      return {
        ok: false,
        error: { code: 'UNREACHABLE', message: err instanceof Error ? err.message : String(err) },
      };
    }
  },
  on(type, listener) {
    if (!isEventType(type) || typeof listener !== 'function') {
      throw new TypeError(`Unknown event type "${String(type)}"`);
    }
    let set = listeners.get(type);
    if (!set) listeners.set(type, (set = new Set()));
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },
};

contextBridge.exposeInMainWorld('desk', desk);
