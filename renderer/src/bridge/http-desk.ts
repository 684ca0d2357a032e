import type { DeskApi, DeskErrorCode, DeskEvent, DeskResult } from '../../../preload/contract';

export interface HttpDeskOptions {
  /** http://127.0.0.1:PORT of the browser host. */
  origin: string;
  /** Empty when the host's cookie carries it (the browser sends it with every call). */
  token: string;
  /** Delay before reconnecting the event socket after its n-th failure. */
  reconnectDelayMs?: (attempt: number) => number;
}

type Listener = (event: DeskEvent) => void;

const CODE_OF_STATUS: Record<number, DeskErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'UNKNOWN_CHANNEL',
};

function isResult(body: unknown): body is DeskResult<never> {
  if (typeof body !== 'object' || body === null) return false;
  const ok = (body as { ok?: unknown }).ok;
  if (ok === true) return 'data' in body;
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  return ok === false && typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * window.desk's twin for the browser host: calls are POST /ipc/:channel with the host's cookie
 * (or the token header),
 * pushed events come over one WebSocket (/events), opened while anything listens and reopened
 * with a growing delay when it drops.
 */
export function createHttpDesk(opts: HttpDeskOptions): DeskApi {
  const delay = opts.reconnectDelayMs ?? ((attempt) => Math.min(500 * 2 ** attempt, 10_000));
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;

  const listening = () => [...listeners.values()].some((set) => set.size > 0);

  function openSocket(): void {
    if (socket || !listening()) return;
    const query = opts.token ? `?token=${encodeURIComponent(opts.token)}` : '';
    const url = `${opts.origin.replace(/^http/, 'ws')}/events${query}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
    };
    ws.onmessage = (message) => {
      let event: unknown;
      try {
        event = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const type = (event as { type?: unknown } | null)?.type;
      if (typeof type !== 'string') return;
      for (const listener of [...(listeners.get(type) ?? [])]) listener(event as DeskEvent);
    };
    ws.onclose = () => {
      socket = null;
      if (!listening()) return;
      retry = setTimeout(openSocket, delay(failures++));
    };
  }

  function closeSocketIfIdle(): void {
    if (listening()) return;
    clearTimeout(retry);
    socket?.close();
    socket = null;
  }

  return {
    async invoke(channel: string, payload?: unknown): Promise<DeskResult<never>> {
      let response: Response;
      try {
        response = await fetch(`${opts.origin}/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(opts.token ? { 'x-desk-token': opts.token } : {}),
          },
          ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'UNREACHABLE', message: 'The desk host cannot be reached' },
        };
      }
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return {
        ok: false,
        error: {
          code: CODE_OF_STATUS[response.status] ?? 'INTERNAL',
          message: `The desk host answered ${response.status} ${response.statusText}`.trim(),
        },
      };
    },
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const entry = listener as Listener;
      set.add(entry);
      openSocket();
      return () => {
        set.delete(entry);
        closeSocketIfIdle();
      };
    },
  };
}
