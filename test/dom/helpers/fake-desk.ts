import type {
  Channel,
  DeskApi,
  DeskEvent,
  DeskEventType,
  DeskFailure,
  DeskResult,
  RequestOf,
  ResponseOf,
} from '../../../preload/contract';

type Handler<C extends Channel> = (
  payload: RequestOf<C>,
) => ResponseOf<C> | DeskFailure | Promise<ResponseOf<C> | DeskFailure>;

export type Handlers = { [C in Channel]?: Handler<C> };

export interface Call {
  channel: Channel;
  payload: unknown;
}

/** A refusal as a handler returns it. */
export function refuse(code: DeskFailure['code'], message = `refused: ${code}`): DeskFailure {
  return { code, message, __failure: true } as DeskFailure;
}

function isFailure(value: unknown): value is DeskFailure {
  return typeof value === 'object' && value !== null && '__failure' in value;
}

/**
 * A DeskApi in memory: each channel answers from its handler (or fails INTERNAL when the test did
 * not give one), every call is recorded, and `emit` pushes an event as main would.
 */
export function fakeDesk(handlers: Handlers = {}) {
  const calls: Call[] = [];
  const listeners = new Map<DeskEventType, Set<(e: DeskEvent) => void>>();
  const api: DeskApi = {
    async invoke(channel, ...payload) {
      calls.push({ channel, payload: payload[0] });
      const handler = handlers[channel] as Handler<typeof channel> | undefined;
      if (!handler) {
        return { ok: false, error: { code: 'INTERNAL', message: `no fake for ${channel}` } };
      }
      const out = await handler(payload[0] as RequestOf<typeof channel>);
      if (isFailure(out)) {
        const { code, message } = out;
        return { ok: false, error: { code, message } } as DeskResult<never>;
      }
      return { ok: true, data: out } as DeskResult<ResponseOf<typeof channel>>;
    },
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const l = listener as (e: DeskEvent) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  return {
    api,
    calls,
    handlers,
    callsTo(channel: Channel) {
      return calls.filter((c) => c.channel === channel).map((c) => c.payload);
    },
    emit(event: DeskEvent) {
      for (const l of listeners.get(event.type) ?? []) l(event);
    },
    listenerCount(type: DeskEventType) {
      return listeners.get(type)?.size ?? 0;
    },
  };
}
