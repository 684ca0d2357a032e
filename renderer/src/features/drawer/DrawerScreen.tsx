import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrawerDetail, DrawerView, MovementView } from '../../../../preload/contract';
import { parseMoneyInput } from '../../format/money';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { CloseDrawerDialog, MoveCashDialog } from './DrawerDialogs';
import { MoneyField } from './MoneyField';
import { ReportButtons } from './ReportButtons';
import { DifferenceText } from './DifferenceText';

/**
 * The station's cash drawer for this shift, after Shopify POS and Odoo POS cash sessions: the
 * float counted at the start, every cash payment with what was due, received and given back,
 * refunds and cash in/out, the cash the drawer should hold now, and at the end the count with
 * its difference and the shift report for the slip printer or A4.
 */
export function DrawerScreen() {
  const { t } = useTranslation();
  const drawer = useDesk((s) => s.drawer);
  const justClosed = useDesk((s) => s.justClosed);
  const open = drawer.data?.open ?? null;
  const lastClosed = drawer.data?.lastClosed ?? null;
  const fmt = useFormat();

  return (
    <section className="drawer-screen" aria-labelledby="drawer-title" data-testid="drawer-screen">
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="drawer-title" className="queue__title">
            {open ? t('drawer.numbered', { number: open.drawer.number }) : t('drawer.title')}
          </h2>
        </div>
      </header>
      {drawer.status === 'error' && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, drawer.error)}
        </Notice>
      )}
      {justClosed && <ClosedResult detail={justClosed} />}
      {open ? (
        <OpenDrawer detail={open} />
      ) : drawer.status !== 'loading' || drawer.data ? (
        <NoDrawer lastClosed={justClosed ? null : lastClosed} />
      ) : null}
      <DrawerHistory />
    </section>
  );
}

function Totals({ drawer, big }: { drawer: DrawerView; big: 'expected' | 'difference' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const m = (cents: number) => fmt.money(cents, drawer.currency);
  const s = drawer.totals;
  return (
    <dl className="drawer-totals" data-testid="drawer-totals">
      <div>
        <dt>{t('drawer.float')}</dt>
        <dd className="num">{m(s.openingFloat)}</dd>
      </div>
      <div>
        <dt>{t('drawer.sales', { count: s.salesCount })}</dt>
        <dd className="num">+{m(s.sales)}</dd>
      </div>
      <div>
        <dt>{t('drawer.refunds', { count: s.refundsCount })}</dt>
        <dd className="num">−{m(s.refunds)}</dd>
      </div>
      <div>
        <dt>
          {t('drawer.cashIn')} / {t('drawer.cashOut')}
        </dt>
        <dd className="num">
          +{m(s.cashIn)} / −{m(s.cashOut)}
        </dd>
      </div>
      <div className={big === 'expected' ? 'drawer-totals__big' : ''}>
        <dt>{t('drawer.expected')}</dt>
        <dd className="num" data-testid="drawer-expected">
          {m(drawer.expected ?? s.expected)}
        </dd>
      </div>
      {drawer.counted !== null && (
        <>
          <div>
            <dt>{t('drawer.counted')}</dt>
            <dd className="num" data-testid="drawer-counted">
              {m(drawer.counted)}
            </dd>
          </div>
          <div className={big === 'difference' ? 'drawer-totals__big' : ''}>
            <dt>{t('drawer.difference')}</dt>
            <dd className="num" data-testid="drawer-difference">
              <DifferenceText cents={drawer.difference ?? 0} currency={drawer.currency} />
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

function OpenDrawer({ detail }: { detail: DrawerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const closing = useDesk((s) => s.drawerClosing);
  const setClosing = useDesk((s) => s.setDrawerClosing);
  const [moving, setMoving] = useState(false);
  const d = detail.drawer;
  return (
    <>
      <div className="drawer-card" data-testid="drawer-open">
        <p className="muted">
          {t('drawer.openSince', { time: fmt.dateTime(d.openedAt), name: d.openedBy })}
        </p>
        {!d.floatCounted && <Notice tone="warn">{t('drawer.floatNotCounted')}</Notice>}
        <Totals drawer={d} big="expected" />
        <div className="drawer-card__actions">
          <button
            type="button"
            className="button button--primary"
            data-testid="drawer-close"
            onClick={() => setClosing('close')}
          >
            <Icon name="cash" />
            {t('drawer.close.button')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="drawer-move"
            onClick={() => setMoving(true)}
          >
            {t('drawer.move.button')}
          </button>
          <ReportButtons drawer={d} />
        </div>
      </div>
      <Movements detail={detail} />
      {closing && <CloseDrawerDialog drawer={d} onClose={() => setClosing(null)} />}
      {moving && <MoveCashDialog drawer={d} onClose={() => setMoving(false)} />}
    </>
  );
}

function stateLabel(m: MovementView, t: ReturnType<typeof useTranslation>['t']): string {
  // A dynamic key: typed as a plain lookup, the key union is too large to check here.
  const label = t as unknown as (key: string) => string;
  return m.actionState ? label(`actionState.${m.actionState}`) : '—';
}

function Movements({ detail }: { detail: DrawerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openOrder = useDesk((s) => s.openOrder);
  const money = (c: number | null) => (c === null ? '—' : fmt.money(c, detail.drawer.currency));
  const lines = [...detail.movements].reverse();
  return (
    <section className="drawer-lines" aria-labelledby="drawer-lines-title">
      <h3 id="drawer-lines-title" className="card__title">
        {t('drawer.lines')}
      </h3>
      {lines.length === 0 ? (
        <p className="muted">{t('drawer.noLines')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="drawer-movements">
            <thead>
              <tr>
                <th scope="col">{t('drawer.when')}</th>
                <th scope="col">{t('drawer.kind')}</th>
                <th scope="col">{t('drawer.order')}</th>
                <th scope="col" className="num">
                  {t('drawer.amount')}
                </th>
                <th scope="col" className="num">
                  {t('drawer.received')}
                </th>
                <th scope="col" className="num">
                  {t('drawer.change')}
                </th>
                <th scope="col">{t('drawer.operator')}</th>
                <th scope="col">{t('drawer.state')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((m) => (
                <tr key={m.id} data-testid="drawer-movement">
                  <td className="num">{fmt.time(m.at)}</td>
                  <td>
                    {t(`drawer.kinds.${m.kind}`)}
                    {m.note && <div className="muted drawer-lines__note">{m.note}</div>}
                  </td>
                  <td>
                    {m.orderId ? (
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => void openOrder(m.orderId ?? '')}
                      >
                        {m.orderLabel ?? m.orderId}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">
                    {m.kind === 'sale' || m.kind === 'cash-in' ? '+' : '−'}
                    {money(m.amount)}
                  </td>
                  <td className="num">{money(m.received)}</td>
                  <td className="num">{money(m.change)}</td>
                  <td>{m.operator}</td>
                  <td>{stateLabel(m, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ClosedResult({ detail }: { detail: DrawerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Through the request, which also clears this result for the next shift.
  const endShift = useDesk((s) => s.requestEndShift);
  const d = detail.drawer;
  return (
    <div className="drawer-card drawer-card--closed" data-testid="drawer-closed" role="status">
      <h3 className="card__title">{t('drawer.closed.title', { number: d.number })}</h3>
      <p className="muted">
        {t('drawer.closedAt', { time: fmt.dateTime(d.closedAt ?? 0), name: d.closedBy ?? '' })}
      </p>
      <Totals drawer={d} big="difference" />
      {d.closeNote && <p>{d.closeNote}</p>}
      <div className="drawer-card__actions">
        <ReportButtons drawer={d} />
        <button
          type="button"
          className="button button--primary"
          data-testid="drawer-end-shift"
          onClick={() => void endShift()}
        >
          {t('drawer.closed.endShift')}
        </button>
      </div>
    </div>
  );
}

function NoDrawer({ lastClosed }: { lastClosed: DrawerView | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openDrawer = useDesk((s) => s.openDrawer);
  const showToast = useDesk((s) => s.showToast);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const cents = parseMoneyInput(text, fmt.locale);
  const problem =
    text.trim() === ''
      ? tried
        ? t('drawer.close.enterCount')
        : null
      : cents === null
        ? t('drawer.invalid', { example: fmt.money(10_000, null) })
        : null;

  const submit = async () => {
    setTried(true);
    if (cents === null) return;
    setBusy(true);
    const result = await openDrawer(cents);
    setBusy(false);
    if (result.ok) {
      showToast(
        'ok',
        t('drawer.opened', {
          number: result.data.drawer.number,
          amount: fmt.money(cents, result.data.drawer.currency),
        }),
      );
    } else {
      showToast('bad', failureText(t, fmt.locale, result.error));
    }
  };

  return (
    <>
      <form
        className="drawer-card"
        data-testid="drawer-none"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h3 className="card__title">{t('drawer.noneOpen')}</h3>
        <p className="muted">{t('drawer.noneOpenHint')}</p>
        <div className="drawer-card__row">
          <MoneyField
            label={t('drawer.floatField')}
            value={text}
            onChange={setText}
            error={problem}
            testId="drawer-float"
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            data-testid="drawer-open-submit"
          >
            {t('drawer.open')}
            <kbd>Enter</kbd>
          </button>
        </div>
      </form>
      {lastClosed && (
        <div className="drawer-card drawer-card--closed" data-testid="drawer-last">
          <h3 className="card__title">
            {t('drawer.closed.last')} · #{lastClosed.number}
          </h3>
          <p className="muted">
            {t('drawer.closedAt', {
              time: fmt.dateTime(lastClosed.closedAt ?? 0),
              name: lastClosed.closedBy ?? '',
            })}
          </p>
          <Totals drawer={lastClosed} big="difference" />
          <div className="drawer-card__actions">
            <ReportButtons drawer={lastClosed} />
          </div>
        </div>
      )}
    </>
  );
}

/** Past shifts at this station: each drawer's count and difference, and its report again. */
function DrawerHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useDesk((s) => s.drawerHistory);
  const load = useDesk((s) => s.loadDrawerHistory);
  const closed = (history.data?.drawers ?? []).filter((d) => d.state === 'closed');
  if (closed.length === 0) return null;
  return (
    <section className="drawer-lines" aria-labelledby="drawer-history-title">
      <h3 id="drawer-history-title" className="card__title">
        {t('drawer.history')}
      </h3>
      <div className="table-scroll">
        <table className="table" data-testid="drawer-history">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('drawer.closedColumn')}</th>
              <th scope="col" className="num">
                {t('drawer.expected')}
              </th>
              <th scope="col" className="num">
                {t('drawer.counted')}
              </th>
              <th scope="col" className="num">
                {t('drawer.difference')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('drawer.report.name', { number: '' })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {closed.map((d) => (
              <tr key={d.id}>
                <td className="num">{d.number}</td>
                <td>
                  {fmt.dateTime(d.closedAt ?? 0)}
                  <div className="muted drawer-lines__note">{d.closedBy}</div>
                </td>
                <td className="num">{fmt.money(d.expected ?? 0, d.currency)}</td>
                <td className="num">{fmt.money(d.counted ?? 0, d.currency)}</td>
                <td className="num">
                  <DifferenceText cents={d.difference ?? 0} currency={d.currency} />
                </td>
                <td>
                  <div className="drawer-card__actions">
                    <ReportButtons drawer={d} compact />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {history.data?.next && (
        <button type="button" className="button" onClick={() => void load(true)}>
          {t('drawer.older')}
        </button>
      )}
    </section>
  );
}
