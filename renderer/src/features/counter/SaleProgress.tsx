import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterSaleView, DeskFailure, SaleStepView } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import { Icon, type IconName } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';

/** How often the screen reads the sale while its steps run. */
const POLL_MS = 700;

const STEP_ICON: Record<SaleStepView['state'], IconName> = {
  todo: 'clock',
  working: 'sync',
  waiting: 'clock',
  done: 'check',
  failed: 'alert',
};

function settled(v: CounterSaleView): boolean {
  const stopped = v.error !== null || v.state === 'abandoned';
  const all = v.steps.every((s) => s.state === 'done' || s.state === 'failed');
  return (stopped && v.state !== 'lost') || all;
}

/**
 * The sale's steps as they run: placed (the order number), processed, paid into the drawer,
 * handling, invoiced, printed. A step that fails says why and offers the way out: retry the step,
 * open the drawer, Needs attention for an action VTEX refused, or — for a placement whose answer
 * was lost — wait for VTEX to cancel that order before placing again.
 */
export function SaleProgress({ saleId, onNewSale }: { saleId: string; onNewSale: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const go = useDesk((s) => s.go);
  const [sale, setSale] = useState<CounterSaleView | null>(null);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const r = await ask('counter:get', { saleId });
      if (!live) return;
      if (r.ok) {
        setSale(r.data);
        setFailure(null);
        // A lost placement keeps being read back until VTEX cancels it; a waiting step until VTEX moves.
        if (
          !settled(r.data) ||
          r.data.state === 'lost' ||
          r.data.steps.some((s) => s.state === 'waiting')
        ) {
          // A lost order is read back at VTEX each time: every few seconds is enough.
          timer = setTimeout(() => void read(), r.data.state === 'lost' ? POLL_MS * 6 : POLL_MS);
        }
      } else {
        setFailure(r.error);
        timer = setTimeout(() => void read(), POLL_MS * 3);
      }
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [saleId, busy]);

  // F4 on a sale being followed starts the next one (the sale itself carries on).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F4' && !e.altKey && !e.ctrlKey && !e.metaKey && !useDesk.getState().dialog) {
        e.preventDefault();
        onNewSale();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNewSale]);

  const act = async (channel: 'counter:resume' | 'counter:place-again' | 'counter:abandon') => {
    setBusy(true);
    const r = await ask(channel, { saleId });
    if (r.ok) setSale(r.data);
    else setFailure(r.error);
    setBusy(false);
  };

  if (!sale) {
    return (
      <section className="counter" data-testid="counter-progress">
        {failure && (
          <Notice tone="bad" live>
            {failureText(t, fmt.locale, failure)}
          </Notice>
        )}
      </section>
    );
  }

  const money = (cents: number) => fmt.money(cents, null);
  const lost = sale.lost;
  const err = sale.error;
  const done = sale.state === 'done';

  return (
    <section
      className="counter counter--progress"
      aria-labelledby="counter-progress-title"
      data-testid="counter-progress"
      data-state={sale.state}
    >
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="counter-progress-title" className="queue__title">
            {sale.sequence
              ? t('counter.progress.titleOrder', { sequence: sale.sequence })
              : t('counter.progress.title')}
          </h2>
          <button
            type="button"
            className="button button--primary"
            onClick={onNewSale}
            data-testid="counter-new"
            aria-keyshortcuts="F4"
          >
            <Icon name="store" />
            <span>{t('counter.progress.newSale')}</span>
            <kbd aria-hidden="true">F4</kbd>
          </button>
        </div>
      </header>
      {lost && (
        <Notice
          tone={lost.canceled ? 'info' : 'warn'}
          title={t('counter.lost.title', { order: lost.orderId })}
          testId="counter-lost"
        >
          <p>
            {t('counter.lost.body', {
              order: lost.orderId,
              time: lost.cancelsAt ? fmt.time(lost.cancelsAt) : '—',
            })}
          </p>
          {lost.canceled ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void act('counter:place-again')}
              data-testid="counter-place-again"
            >
              {t('counter.lost.placeAgain')}
            </button>
          ) : (
            <p className="counter__why" data-testid="counter-lost-wait">
              {t('counter.lost.wait')}
            </p>
          )}
        </Notice>
      )}
      {sale.state === 'abandoned' && (
        <Notice tone="info" testId="counter-abandoned">
          {t('counter.progress.abandoned')}
        </Notice>
      )}
      {err && !lost && sale.state !== 'abandoned' && (
        <Notice tone="bad" title={t(`counter.failed.${err.step}`)} testId="counter-error" live>
          <p>
            {failureText(t, fmt.locale, {
              code: err.code as DeskFailure['code'],
              message: err.message,
            })}
          </p>
          <div className="counter__actions">
            {err.code === 'DRAWER_NOT_OPEN' && (
              <button type="button" className="button" onClick={() => go('drawer')}>
                <Icon name="cash" />
                <span>{t('counter.openDrawer')}</span>
              </button>
            )}
            {sale.state === 'draft' && (
              <button
                type="button"
                className="button button--danger-quiet"
                disabled={busy}
                onClick={() => void act('counter:abandon')}
                data-testid="counter-abandon"
              >
                <Icon name="cancel" />
                <span>{t('counter.progress.abandon')}</span>
              </button>
            )}
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void act('counter:resume')}
              data-testid="counter-retry"
            >
              <Icon name="sync" />
              <span>{t('counter.progress.retry')}</span>
            </button>
          </div>
        </Notice>
      )}
      {done && !err && (
        <Notice tone="ok" testId="counter-done">
          {t('counter.progress.done', { change: money(sale.change) })}
        </Notice>
      )}
      {failure && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
      <div className="counter__body">
        <ol className="counter__steps" aria-live="polite">
          {sale.steps.map((s) => (
            <li
              key={s.step}
              className={`counter__step counter__step--${s.state}`}
              data-testid={`counter-step-${s.step}`}
              data-state={s.state}
            >
              <Icon name={STEP_ICON[s.state]} />
              <div>
                <div className="counter__step-name">
                  {t(`counter.step.${s.step}`, {
                    order: sale.sequence ? `#${sale.sequence}` : (sale.orderId ?? ''),
                    invoice: sale.invoiceNumber ?? '',
                  })}
                </div>
                <div className="counter__step-state">
                  {s.step === 'handling' && s.state === 'waiting'
                    ? sale.windowEndsAt
                      ? t('counter.window', { time: fmt.time(sale.windowEndsAt) })
                      : t('counter.windowUnknown')
                    : t(`counter.state.${s.state}`)}
                </div>
              </div>
              {s.state === 'failed' && s.actionId && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => go('attention')}
                >
                  {t('counter.progress.attention')}
                </button>
              )}
            </li>
          ))}
        </ol>
        <aside className="counter__side">
          <dl className="counter__total">
            <dt>{t('counter.total')}</dt>
            <dd className="num">{money(sale.value)}</dd>
          </dl>
          <p className="counter__change" data-testid="counter-progress-change">
            {t('counter.progress.cash', {
              received: money(sale.received),
              change: money(sale.change),
            })}
          </p>
          <ul className="counter__summary">
            {sale.lines.map((l) => (
              <li key={`${l.skuId}-${l.seller}`}>
                <span className="num">{l.quantity}×</span> {l.name}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}
