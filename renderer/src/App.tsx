import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskBridge } from './bridge';
import { DialogHost } from './features/actions/DialogHost';
import { AttentionScreen } from './features/attention/AttentionScreen';
import { CounterScreen } from './features/counter/CounterScreen';
import { DrawerScreen } from './features/drawer/DrawerScreen';
import { ShiftScreen } from './features/operator/ShiftScreen';
import { OrderScreen } from './features/order/OrderScreen';
import { useScanGuard } from './features/scan/use-scan-guard';
import { PrintHistoryScreen } from './features/print/PrintHistoryScreen';
import { QueueScreen } from './features/queues/QueueScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { QueueNav } from './features/shell/QueueNav';
import { Toasts } from './features/shell/Toasts';
import { TopBar } from './features/shell/TopBar';
import { useGlobalKeys } from './features/shell/use-global-keys';
import { SyncBar } from './features/sync/SyncBar';
import { useFormat } from './format/use-format';
import { failureText } from './i18n/messages';
import { useDesk } from './store';
import { ask } from './store/desk-port';
import { connectEvents, loadEverything } from './store/events';
import { ConnectionLine } from './ui/ConnectionLine';
import { useConnection } from './use-connection';

/** How often relative times and ages on screen move on. */
const NOW_TICK_MS = 15_000;

function Screen() {
  const screen = useDesk((s) => s.screen);
  const needsShift = useDesk((s) => s.operatorKnown && s.operator === null);
  if (needsShift && screen !== 'settings') return <ShiftScreen />;
  switch (screen) {
    case 'order':
      return <OrderScreen />;
    case 'attention':
      return <AttentionScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'print':
      return <PrintHistoryScreen />;
    case 'drawer':
      return <DrawerScreen />;
    case 'counter':
      return <CounterScreen />;
    case 'queues':
      return <QueueScreen />;
  }
}

/** Before the desk has answered once: connecting, or why it does not answer. */
function Waiting({ failure }: { failure: string | null }) {
  const { t } = useTranslation();
  return (
    <main className="waiting">
      <section className="panel" aria-labelledby="waiting-title">
        <h2 id="waiting-title" className="panel__title">
          {failure ? t('link.noAnswer') : t('link.connecting')}
        </h2>
        {failure && <p className="panel__problem">{failure}</p>}
      </section>
    </main>
  );
}

export function App({ bridge }: { bridge: DeskBridge }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const connection = useConnection(bridge.api);
  const info = useDesk((s) => s.info);
  const infoError = useDesk((s) => s.infoError);
  const connected = connection.state === 'connected';
  const wasConnected = useRef(false);

  useGlobalKeys();
  useScanGuard();

  useEffect(() => connectEvents(bridge.api, useDesk, { t }), [bridge, t]);

  // The first answer, and every return of a lost link: whatever was pushed meanwhile is missed,
  // so everything is asked again.
  useEffect(() => {
    if (connected && !wasConnected.current) void loadEverything(useDesk);
    wasConnected.current = connected;
  }, [connected]);

  // A counter sale cut off after VTEX placed its order has 5 minutes to be processed: as soon as
  // the desk answers, main carries such sales on, whatever screen is open.
  useEffect(() => {
    if (connected) void ask('counter:open');
  }, [connected]);

  useEffect(() => {
    const timer = setInterval(() => useDesk.getState().setNow(Date.now()), NOW_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const failure = infoError
    ? failureText(t, fmt.locale, infoError)
    : connection.state === 'lost'
      ? connection.reason
      : null;

  return (
    <div className="shell">
      <TopBar />
      {info ? (
        <>
          <SyncBar />
          <div className="body">
            <QueueNav />
            <main className="main" id="main">
              <Screen />
            </main>
          </div>
        </>
      ) : (
        <Waiting failure={failure} />
      )}
      <footer className="statusbar">
        <ConnectionLine connection={connection} transport={bridge.transport} />
        {info && (
          <span className="statusbar__version">
            {info.name} {info.version}
          </span>
        )}
      </footer>
      <DialogHost />
      <Toasts />
    </div>
  );
}
