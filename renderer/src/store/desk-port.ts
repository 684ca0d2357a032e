import type {
  Channel,
  DeskApi,
  DeskFailure,
  PayloadArgs,
  ResponseOf,
} from '../../../preload/contract';

/**
 * The store's one door to the desk. main.tsx plugs in the bridge's DeskApi; tests plug in a fake.
 * Kept out of the store's state so resetting a store to its initial state in a test never drops
 * the connection the test set up.
 */
let current: DeskApi | null = null;

export function setDeskApi(api: DeskApi | null): void {
  current = api;
}

export function deskApi(): DeskApi {
  if (!current) throw new Error('The desk store was used before setDeskApi()');
  return current;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: DeskFailure };

/** invoke() that never throws: a transport failure is a DeskFailure like any other. */
export async function ask<C extends Channel>(
  channel: C,
  ...payload: PayloadArgs<C>
): Promise<Outcome<ResponseOf<C>>> {
  try {
    return await deskApi().invoke(channel, ...payload);
  } catch (err) {
    return {
      ok: false,
      error: { code: 'UNREACHABLE', message: err instanceof Error ? err.message : String(err) },
    };
  }
}
