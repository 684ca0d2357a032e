import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, PaymentView } from '../../../../preload/contract';
import { cashChange, parseMoneyInput } from '../../format/money';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { ActionDialog } from './ActionDialog';
import { useActionSubmit } from './use-action-submit';

/** Payments the desk can record: offline (cash, promissory, bank invoice) and awaited by VTEX. */
export function recordablePayments(detail: OrderDetail): PaymentView[] {
  return detail.payments.filter((p) => p.offline && p.pendingNotification && !p.recordedLocally);
}

const CASH_NAMES = /dinheiro|cash|efectivo|contado|espèce/i;

/**
 * Cash: VTEX's `cash` group, or a payment system named for cash (stores often set cash up as a
 * promissory system called "Dinheiro").
 */
export const isCash = (p: PaymentView | undefined): boolean =>
  !!p && (p.group === 'cash' || CASH_NAMES.test(p.paymentSystemName ?? ''));

/** A bank invoice is paid at a bank, never at the counter: no till for it. */
const mayCountCash = (p: PaymentView | undefined): boolean => !!p && p.group !== 'bankInvoice';

/**
 * Recording an offline payment. For cash it is the till: the amount due, what the customer
 * handed over, and the change to give back, computed in integer cents as it is typed.
 */
export function RecordPaymentDialog({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const act = useDesk((s) => s.act);
  const payments = recordablePayments(detail);
  const [paymentId, setPaymentId] = useState(payments[0]?.id ?? '');
  const [received, setReceived] = useState('');
  const [tried, setTried] = useState(false);
  const payment = payments.find((p) => p.id === paymentId);
  const [countAtTill, setCountAtTill] = useState(false);
  const currency = detail.row.currency;
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const cash = isCash(payment) || (countAtTill && mayCountCash(payment));
  const due = payment?.value ?? 0;
  const till = cashChange(due, received, fmt.locale);

  const { busy, failure, submit } = useActionSubmit((queued) =>
    queued.change !== null && queued.change > 0
      ? t('actions.record-payment.queuedChange', {
          order,
          change: fmt.money(queued.change, currency),
        })
      : t('actions.queued', { action: t('verbs.record-payment'), order }),
  );

  let problem: string | null = null;
  if (cash) {
    if (till.kind === 'empty') problem = tried ? t('actions.record-payment.enterReceived') : null;
    else if (till.kind === 'invalid')
      problem = t('actions.record-payment.invalid', { example: fmt.money(5000, currency) });
    else if (till.kind === 'short')
      problem = t('actions.record-payment.short', { missing: fmt.money(till.missing, currency) });
  }

  const send = () => {
    setTried(true);
    if (!payment) return;
    if (cash) {
      const cents = parseMoneyInput(received, fmt.locale);
      if (cents === null || cents < due) return;
      void submit(() =>
        act('actions:record-payment', {
          orderId: detail.row.orderId,
          paymentId: payment.id,
          cash: { due, received: cents },
        }),
      );
    } else {
      void submit(() =>
        act('actions:record-payment', { orderId: detail.row.orderId, paymentId: payment.id }),
      );
    }
  };

  return (
    <ActionDialog
      title={t('actions.record-payment.title', { order })}
      lead={t('actions.record-payment.lead')}
      check={detail.checks['record-payment']}
      failure={failure}
      busy={busy}
      submitLabel={t('actions.record-payment.submit')}
      testId="dialog-record-payment"
      onSubmit={send}
    >
      {payments.length > 1 && (
        <fieldset className="choice">
          <legend>{t('actions.record-payment.which')}</legend>
          {payments.map((p) => (
            <label key={p.id} className="choice__option">
              <input
                type="radio"
                name="payment"
                value={p.id}
                checked={p.id === paymentId}
                onChange={() => setPaymentId(p.id)}
              />
              <span>{p.paymentSystemName ?? p.group}</span>
              <span className="num">{fmt.money(p.value, currency)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {!payment && <Notice tone="warn">{t('actions.record-payment.nonePending')}</Notice>}
      {payment && (
        <div className="till">
          <div className="till__row">
            <span>{t('actions.record-payment.method')}</span>
            <strong>{payment.paymentSystemName ?? payment.group}</strong>
          </div>
          <div className="till__row till__row--due">
            <span>{t('actions.record-payment.due')}</span>
            <strong className="num" data-testid="cash-due">
              {fmt.money(due, currency)}
            </strong>
          </div>
          {cash ? (
            <>
              <Field
                label={t('actions.record-payment.received')}
                hint={t('actions.record-payment.receivedHint')}
                error={problem}
              >
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    className="input input--money num"
                    inputMode="decimal"
                    autoComplete="off"
                    value={received}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    data-testid="cash-received"
                    onChange={(e) => setReceived(e.target.value)}
                  />
                )}
              </Field>
              <div
                className={`till__row till__row--change ${till.kind === 'change' ? 'till__row--ready' : ''}`}
                aria-live="polite"
              >
                <span>{t('actions.record-payment.change')}</span>
                <strong className="num" data-testid="cash-change">
                  {till.kind === 'change' ? fmt.money(till.change, currency) : '—'}
                </strong>
              </div>
            </>
          ) : (
            <p className="muted">{t('actions.record-payment.confirmOffline')}</p>
          )}
          {!isCash(payment) && mayCountCash(payment) && (
            <label className="check">
              <input
                type="checkbox"
                checked={countAtTill}
                data-testid="count-at-till"
                onChange={(e) => setCountAtTill(e.target.checked)}
              />
              <span>{t('actions.record-payment.countAtTill')}</span>
            </label>
          )}
        </div>
      )}
    </ActionDialog>
  );
}
