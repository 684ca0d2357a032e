import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { DIALOG_KINDS, DIALOG_SHORTCUTS, type DialogKind } from '../../model';
import { useDesk } from '../../store';
import { Icon, type IconName } from '../../ui/Icon';

const ICONS: Record<DialogKind, IconName> = {
  'start-handling': 'play',
  'record-payment': 'cash',
  invoice: 'invoice',
  tracking: 'truck',
  return: 'undo',
  cancel: 'cancel',
  note: 'note',
  change: 'box',
};

/** Alt+K: the pack check (scan each unit before the invoice). */
const PACK_SHORTCUT = 'k';

/** The next step of the usual flow, highlighted as the primary button. */
function primaryOf(detail: OrderDetail): DialogKind | null {
  for (const kind of ['start-handling', 'record-payment', 'invoice', 'tracking'] as const) {
    if (detail.checks[kind].allowed) {
      if (
        kind === 'tracking' &&
        detail.invoices.some((i) => i.type === 'Output' && i.trackingNumber)
      ) {
        continue;
      }
      return kind;
    }
  }
  return null;
}

/**
 * One button per action, each with its Alt+letter shortcut. Actions the order does not allow now
 * stay clickable but quiet: their dialog says why in words, which a greyed-out button cannot.
 */
export function ActionBar({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const openDialog = useDesk((s) => s.openDialog);
  const orderId = detail.row.orderId;
  const primary = primaryOf(detail);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || useDesk.getState().dialog) return;
      const letter = /^Key([A-Z])$/.exec(e.code)?.[1]?.toLowerCase();
      if (letter === PACK_SHORTCUT) {
        e.preventDefault();
        openDialog({ kind: 'pack-check', orderId });
        return;
      }
      const kind = DIALOG_KINDS.find((k) => DIALOG_SHORTCUTS[k] === letter);
      if (!kind) return;
      e.preventDefault();
      openDialog({ kind, orderId });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openDialog, orderId]);

  return (
    <div className="action-bar" role="toolbar" aria-label={t('actions.toolbar')}>
      {DIALOG_KINDS.map((kind) => {
        const check = detail.checks[kind];
        const shortcut = DIALOG_SHORTCUTS[kind].toUpperCase();
        const cls =
          kind === primary
            ? 'button button--primary'
            : kind === 'cancel' && check.allowed
              ? 'button button--danger-quiet'
              : check.allowed
                ? 'button'
                : 'button button--unavailable';
        const button = (
          <button
            key={kind}
            type="button"
            className={cls}
            aria-keyshortcuts={`Alt+${shortcut}`}
            data-testid={`action-${kind}`}
            data-allowed={check.allowed}
            title={check.allowed ? undefined : (check.message ?? undefined)}
            onClick={() => openDialog({ kind, orderId })}
          >
            <Icon name={ICONS[kind]} />
            <span>{t(`actions.${kind}.button`)}</span>
            <kbd aria-hidden="true">Alt+{shortcut}</kbd>
          </button>
        );
        if (kind !== 'invoice') return button;
        return (
          <Fragment key={kind}>
            {button}
            <button
              type="button"
              className={check.allowed ? 'button' : 'button button--unavailable'}
              aria-keyshortcuts="Alt+K"
              data-testid="action-pack-check"
              data-allowed={check.allowed}
              title={check.allowed ? undefined : (check.message ?? undefined)}
              onClick={() => openDialog({ kind: 'pack-check', orderId })}
            >
              <Icon name="scan" />
              <span>{t('floor.pack.button')}</span>
              <kbd aria-hidden="true">Alt+K</kbd>
            </button>
          </Fragment>
        );
      })}
    </div>
  );
}
