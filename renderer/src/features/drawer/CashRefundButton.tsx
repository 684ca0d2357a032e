import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { MoveCashDialog } from './DrawerDialogs';

/**
 * A cash refund from the order: the drawer's refund form with the order filled in, and the
 * amount of its returns (Input invoices) when it has any. Without an open drawer it says so.
 */
export function CashRefundButton({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const loadDrawer = useDesk((s) => s.loadDrawer);
  const reloadOrder = useDesk((s) => s.reloadOrder);
  const showToast = useDesk((s) => s.showToast);
  const open = useDesk((s) => s.drawer.data?.open?.drawer ?? null);
  const [showing, setShowing] = useState(false);
  const returned = detail.invoices
    .filter((i) => i.type === 'Input')
    .reduce((sum, i) => sum + i.value, 0);

  const start = async () => {
    await loadDrawer();
    const now = useDesk.getState().drawer;
    if (now.data?.open) setShowing(true);
    else
      showToast(
        'bad',
        failureText(t, fmt.locale, now.error ?? { code: 'DRAWER_NOT_OPEN', message: '' }),
      );
  };

  return (
    <>
      <button
        type="button"
        className="button button--small"
        data-testid="cash-refund"
        onClick={() => void start()}
      >
        {t('drawer.refundButton')}
      </button>
      {showing && open && (
        <MoveCashDialog
          drawer={open}
          initial={{ orderId: detail.row.orderId, amount: returned || null }}
          onClose={() => {
            setShowing(false);
            void reloadOrder();
          }}
        />
      )}
    </>
  );
}
