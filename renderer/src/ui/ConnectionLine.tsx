import type { HostKind } from '../../../preload/contract';
import type { Connection } from '../use-connection';

const VIA: Record<HostKind, string> = {
  electron: 'desktop app',
  browser: 'browser host',
};

export function ConnectionLine({
  connection,
  transport,
}: {
  connection: Connection;
  transport: HostKind;
}) {
  let text: string;
  switch (connection.state) {
    case 'connecting':
      text = 'Connecting to the desk…';
      break;
    case 'connected':
      text = `Connected to the desk via the ${VIA[transport]} · ${connection.roundTripMs} ms`;
      break;
    case 'lost':
      text = `Connection lost: ${connection.reason}. Retrying…`;
      break;
  }
  return (
    <p
      className={`connection connection--${connection.state}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
