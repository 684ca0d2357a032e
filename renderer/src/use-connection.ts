import { useEffect, useState } from 'react';
import type { DeskApi } from '../../preload/contract';

export type Connection =
  | { state: 'connecting' }
  | { state: 'connected'; roundTripMs: number }
  | { state: 'lost'; reason: string };

/**
 * Health of the link to the desk, from an `app:ping` now and every `intervalMs`: the same check
 * over Electron IPC and over the browser host.
 */
export function useConnection(api: DeskApi, intervalMs = 5000): Connection {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });
  useEffect(() => {
    let active = true;
    let seq = 0;
    const ping = async () => {
      const nonce = `ping-${++seq}`;
      const started = performance.now();
      const result = await api.invoke('app:ping', { nonce });
      if (!active) return;
      if (result.ok && result.data.nonce === nonce) {
        setConnection({
          state: 'connected',
          roundTripMs: Math.max(1, Math.round(performance.now() - started)),
        });
      } else {
        setConnection({
          state: 'lost',
          reason: result.ok ? 'the desk answered out of turn' : result.error.message,
        });
      }
    };
    void ping();
    const timer = setInterval(() => void ping(), intervalMs);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [api, intervalMs]);
  return connection;
}
