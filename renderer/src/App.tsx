import { useEffect, useState } from 'react';
import type { AppInfo } from '../../preload/contract';
import { call, type DeskBridge } from './bridge';
import { ConnectionLine } from './ui/ConnectionLine';
import { ModeBadge } from './ui/ModeBadge';
import { useConnection } from './use-connection';

const SOURCE: Record<AppInfo['mode'], string> = {
  demo: 'Orders come from the local sandbox, a stand-in for the VTEX Orders API that runs on this computer. Nothing done here reaches a real store.',
  account: 'Orders come from your VTEX account.',
};

const HOST: Record<AppInfo['host'], string> = {
  electron: 'Desktop app',
  browser: 'Browser on this computer',
};

export function App({ bridge }: { bridge: DeskBridge }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const connection = useConnection(bridge.api);
  const connected = connection.state === 'connected';

  useEffect(() => bridge.api.on('app:info-changed', (event) => setInfo(event.info)), [bridge]);

  // Asked once the link is up, so a desk that was briefly unreachable still fills the page.
  useEffect(() => {
    if (!connected || info) return;
    let active = true;
    call(bridge.api, 'app:info').then(
      (value) => {
        if (!active) return;
        setInfo(value);
        setProblem(null);
      },
      (err: unknown) => active && setProblem(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      active = false;
    };
  }, [bridge, connected, info]);

  const failure = problem ?? (connection.state === 'lost' ? connection.reason : null);
  const title = info
    ? 'Ready for the warehouse'
    : failure
      ? 'The desk did not answer'
      : 'Connecting to the desk…';

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 2 3 6.5v11L12 22l9-4.5v-11L12 2Zm0 2.2 6.6 3.3L12 10.8 5.4 7.5 12 4.2ZM5 9.1l6 3v7.6l-6-3V9.1Zm8 10.6v-7.6l6-3v7.6l-6 3Z" />
          </svg>
          <h1 className="brand__name">Order Desk</h1>
        </div>
        {info && <ModeBadge mode={info.mode} />}
      </header>

      <main className="content">
        <section className="panel" aria-labelledby="overview-title">
          <h2 id="overview-title" className="panel__title">
            {title}
          </h2>
          {!info && failure && <p className="panel__problem">{failure}</p>}
          {info && (
            <>
              <p className="panel__lead">{SOURCE[info.mode]}</p>
              <dl className="facts">
                <div className="facts__row">
                  <dt>Mode</dt>
                  <dd>{info.mode === 'demo' ? 'Demo' : 'VTEX account'}</dd>
                </div>
                <div className="facts__row">
                  <dt>Running in</dt>
                  <dd>{HOST[info.host]}</dd>
                </div>
                <div className="facts__row">
                  <dt>Version</dt>
                  <dd>{info.version}</dd>
                </div>
              </dl>
            </>
          )}
        </section>
      </main>

      <footer className="statusbar">
        <ConnectionLine connection={connection} transport={bridge.transport} />
      </footer>
    </div>
  );
}
