import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';

/**
 * Whether VTEX is reachable and what has not reached it yet: online/offline, actions waiting and
 * the age of the oldest, Needs attention, the last sync, and a running catch-up's progress.
 */
export function SyncBar() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { sync, catchUp, now } = useDesk(
    useShallow((s) => ({ sync: s.sync, catchUp: s.catchUp, now: s.now })),
  );
  const go = useDesk((s) => s.go);
  const selectQueue = useDesk((s) => s.selectQueue);
  const syncNow = useDesk((s) => s.syncNow);
  const [asked, setAsked] = useState(false);

  if (!sync) {
    return (
      <div className="syncbar" role="status" data-testid="syncbar">
        <span className="syncbar__state">{t('syncbar.unknown')}</span>
      </div>
    );
  }

  // The oldest action's age grows on screen between pushes.
  const oldestAge =
    sync.oldestPendingAt !== null
      ? Math.max(0, Math.max(now, sync.at) - sync.oldestPendingAt)
      : sync.oldestPendingAgeMs;
  const progress = catchUp && catchUp.total > 0 ? Math.min(1, catchUp.done / catchUp.total) : null;
  const stateKey = sync.credentialsNeeded ? 'credentials' : sync.online ? 'online' : 'offline';
  // A session that has not asked VTEX yet (the desk starting, or reconnecting after a saved
  // setting) is not offline: saying so would flash "Offline" on every save.
  const connecting =
    stateKey === 'offline' && (sync.feed === 'starting' || sync.feed === 'stopped');

  return (
    <div
      className={`syncbar syncbar--${connecting ? 'online' : stateKey}`}
      data-testid="syncbar"
      data-online={sync.online}
      data-connecting={connecting}
    >
      <span className="syncbar__state" role="status" data-testid="sync-state">
        <Icon name={sync.online || connecting ? 'online' : 'offline'} />
        <strong>{connecting ? t('floor.connecting') : t(`syncbar.${stateKey}`)}</strong>
        {!sync.online && !sync.credentialsNeeded && !connecting && (
          <span className="syncbar__hint">{t('syncbar.offlineHint')}</span>
        )}
      </span>

      <span
        className={`syncbar__item ${sync.pending > 0 ? 'syncbar__item--pending' : ''}`}
        data-testid="sync-pending"
      >
        <Icon name="clock" />
        {sync.pending > 0
          ? t('syncbar.pending', { count: sync.pending, formatted: fmt.count(sync.pending) })
          : sync.attention > 0 || sync.quarantined > 0 || sync.credentialsNeeded
            ? // Not "everything is at VTEX": what needs attention is not there.
              t('floor.nothingWaiting')
            : t('syncbar.nothingPending')}
        {sync.pending > 0 && oldestAge !== null && (
          <span className="syncbar__age">
            {t('syncbar.oldest', { age: fmt.duration(oldestAge) })}
          </span>
        )}
      </span>

      {sync.attention > 0 && (
        <button
          type="button"
          className="syncbar__item syncbar__item--attention"
          data-testid="sync-attention"
          onClick={() => {
            void selectQueue('attention');
            go('attention');
          }}
        >
          <Icon name="alert" />
          {t('syncbar.attention', { count: sync.attention })}
        </button>
      )}

      {catchUp && (
        <span className="syncbar__item syncbar__catchup" data-testid="sync-catchup">
          <Icon name="sync" />
          {t(`syncbar.catchUp.${catchUp.phase}`, {
            done: fmt.count(catchUp.done),
            total: fmt.count(catchUp.total),
          })}
          {catchUp.phase === 'fetching' &&
            catchUp.remainingMs !== null &&
            catchUp.remainingMs !== undefined && (
              <span className="syncbar__age" data-testid="sync-catchup-left">
                {t('syncbar.catchUpLeft', { left: fmt.duration(catchUp.remainingMs) })}
              </span>
            )}
          {progress !== null && (
            <progress
              className="syncbar__progress"
              max={1}
              value={progress}
              aria-label={t('syncbar.catchUpLabel')}
            />
          )}
        </span>
      )}

      <span className="syncbar__spacer" />

      {(sync.sharedKeyWarning || sync.warnings.length > 0) && (
        <span
          className="syncbar__item syncbar__item--warn"
          title={sync.sharedKeyWarning ?? sync.warnings.map((w) => w.message).join('\n')}
        >
          <Icon name="alert" />
          {sync.sharedKeyWarning
            ? t('syncbar.sharedKey')
            : t('syncbar.warnings', { count: sync.warnings.length })}
        </span>
      )}

      <span className="syncbar__item syncbar__last" data-testid="sync-last">
        {sync.lastSyncAt
          ? t('syncbar.last', {
              time: fmt.time(sync.lastSyncAt),
              ago: fmt.relative(sync.lastSyncAt),
            })
          : t('syncbar.never')}
      </span>
      <button
        type="button"
        className="button button--small button--on-dark"
        onClick={() => {
          setAsked(true);
          void syncNow().finally(() => setAsked(false));
        }}
        disabled={asked}
        data-testid="sync-now"
      >
        <Icon name="sync" />
        {t('syncbar.syncNow')}
      </button>
    </div>
  );
}
