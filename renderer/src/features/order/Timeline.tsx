import { useTranslation } from 'react-i18next';
import type { OrderDetail, TimelineEntry } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText, statusText } from '../../i18n/messages';
import { Icon, type IconName } from '../../ui/Icon';
import { packText } from '../actions/pack-text';

const ICON: Record<TimelineEntry['kind'], IconName> = {
  created: 'box',
  status: 'chevron',
  action: 'user',
  synced: 'check',
  attention: 'alert',
  discarded: 'close',
  interaction: 'note',
  invoice: 'invoice',
  canceled: 'cancel',
  pack: 'scan',
};

/**
 * What happened to the order, newest first: VTEX's status changes from the feed, what operators
 * did here, when it reached VTEX (or was refused), notes and invoices.
 */
export function Timeline({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const entries = [...detail.timeline].sort((a, b) => b.at - a.at);
  const actionOf = (id: string | null) => detail.actions.find((a) => a.actionId === id);

  const describe = (e: TimelineEntry): string => {
    const action = actionOf(e.actionId);
    // A return is an Input invoice: named as a return, never as a sale invoice.
    const verb = !action
      ? null
      : action.verb === 'invoice' && action.data.type === 'Input'
        ? t('floor.returnVerb')
        : t(`verbs.${action.verb}`);
    switch (e.kind) {
      case 'status':
        return e.fromStatus
          ? t('timeline.status', {
              from: statusText(t, e.fromStatus),
              to: statusText(t, e.toStatus),
            })
          : t('timeline.statusTo', { to: statusText(t, e.toStatus) });
      case 'action':
        return verb ? t('timeline.action', { verb }) : e.text;
      case 'synced':
        return verb ? t('timeline.synced', { verb }) : e.text;
      case 'attention':
        return verb
          ? t('timeline.attention', {
              verb,
              reason: e.code
                ? failureText(t, fmt.locale, {
                    code: e.code as 'VTEX_REJECTED',
                    message: action?.error?.message ?? e.text,
                  })
                : e.text,
            })
          : e.text;
      case 'discarded':
        return verb
          ? t('timeline.discarded', { verb, reason: action?.discardReason ?? '' })
          : e.text;
      case 'created':
        return t('timeline.created');
      case 'pack':
        return e.pack ? packText(t, e.pack) : e.text;
      default:
        return e.text;
    }
  };

  /** The till's count kept with a cash payment's action (the order's own currency). */
  const cashLine = (e: TimelineEntry): string | null => {
    const action = e.kind === 'action' ? actionOf(e.actionId) : undefined;
    const cash = action?.verb === 'record-payment' ? action.data.cash : undefined;
    if (!cash || typeof cash !== 'object') return null;
    const { due, received, change } = cash as Record<string, unknown>;
    if (typeof due !== 'number' || typeof received !== 'number' || typeof change !== 'number') {
      return null;
    }
    const money = (c: number) => fmt.money(c, detail.row.currency);
    return t('drawer.payment.timeline', {
      due: money(due),
      received: money(received),
      change: money(change),
    });
  };

  if (entries.length === 0) return <p className="muted">{t('timeline.empty')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e, i) => (
        <li key={`${e.at}-${e.kind}-${i}`} className={`timeline__entry timeline__entry--${e.kind}`}>
          <span className="timeline__icon">
            <Icon name={ICON[e.kind]} />
          </span>
          <div className="timeline__body">
            <p className="timeline__text">{describe(e)}</p>
            {cashLine(e) && (
              <p className="timeline__cash" data-testid="timeline-cash">
                {cashLine(e)}
              </p>
            )}
            <p className="timeline__meta">
              <time dateTime={new Date(e.at).toISOString()}>{fmt.dateTime(e.at)}</time>
              {e.operator && <span> · {e.operator}</span>}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
