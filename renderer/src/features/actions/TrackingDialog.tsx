import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';
import { checkTracking } from './forms';
import { useActionSubmit } from './use-action-submit';

type Mode = 'number' | 'delivered';

/**
 * Tracking for a sale invoice: the carrier's number (and link), or that the parcel was delivered.
 * VTEX takes the two on different endpoints, so they are two choices here.
 */
export function TrackingDialog({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const act = useDesk((s) => s.act);
  const outputs = detail.invoices.filter((i) => i.type === 'Output');
  const firstWithout = outputs.find((i) => !i.trackingNumber) ?? outputs[outputs.length - 1];
  const [invoiceNumber, setInvoiceNumber] = useState(firstWithout?.invoiceNumber ?? '');
  const chosen = outputs.find((i) => i.invoiceNumber === invoiceNumber);
  const [mode, setMode] = useState<Mode>('number');
  const [trackingNumber, setTrackingNumber] = useState(chosen?.trackingNumber ?? '');
  const [courier, setCourier] = useState(chosen?.courier ?? '');
  const [trackingUrl, setTrackingUrl] = useState(chosen?.trackingUrl ?? '');
  const [event, setEvent] = useState('');
  const [tried, setTried] = useState(false);
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const { busy, failure, submit } = useActionSubmit(
    () => t('actions.queued', { action: t('verbs.tracking'), order }),
    () => t('floor.synced', { action: t('verbs.tracking'), order }),
  );

  const problem = mode === 'number' ? checkTracking({ trackingNumber, trackingUrl }) : null;
  const numberError =
    problem === 'number-missing' && tried ? t('actions.tracking.numberMissing') : null;
  const urlError = problem === 'url-invalid' ? t('actions.tracking.urlInvalid') : null;

  const send = () => {
    setTried(true);
    if (problem) return;
    const base = { orderId: detail.row.orderId, ...(invoiceNumber ? { invoiceNumber } : {}) };
    if (mode === 'number') {
      void submit(() =>
        act('actions:tracking', {
          ...base,
          trackingNumber: trackingNumber.trim(),
          ...(courier.trim() ? { courier: courier.trim() } : {}),
          ...(trackingUrl.trim() ? { trackingUrl: trackingUrl.trim() } : {}),
        }),
      );
    } else {
      const now = new Date(useDesk.getState().now).toISOString();
      void submit(() =>
        act('actions:tracking', {
          ...base,
          isDelivered: true,
          deliveredDate: now,
          ...(event.trim() ? { events: [{ description: event.trim(), date: now }] } : {}),
        }),
      );
    }
  };

  return (
    <ActionDialog
      title={t('actions.tracking.title', { order })}
      lead={t('actions.tracking.lead')}
      check={detail.checks.tracking}
      failure={failure}
      busy={busy}
      submitLabel={t('actions.tracking.submit')}
      testId="dialog-tracking"
      onSubmit={send}
    >
      {outputs.length > 1 && (
        <Field label={t('actions.tracking.invoice')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={invoiceNumber}
              onChange={(e) => {
                setInvoiceNumber(e.target.value);
                const inv = outputs.find((i) => i.invoiceNumber === e.target.value);
                setTrackingNumber(inv?.trackingNumber ?? '');
                setCourier(inv?.courier ?? '');
                setTrackingUrl(inv?.trackingUrl ?? '');
              }}
            >
              {outputs.map((i) => (
                <option key={i.invoiceNumber} value={i.invoiceNumber}>
                  {i.invoiceNumber} · {fmt.money(i.value, detail.row.currency)}
                  {i.trackingNumber ? ` · ${i.trackingNumber}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <fieldset className="choice choice--inline">
        <legend>{t('actions.tracking.what')}</legend>
        <label className="choice__option">
          <input
            type="radio"
            name="mode"
            checked={mode === 'number'}
            onChange={() => setMode('number')}
          />
          <span>{t('actions.tracking.modeNumber')}</span>
        </label>
        <label className="choice__option">
          <input
            type="radio"
            name="mode"
            checked={mode === 'delivered'}
            onChange={() => setMode('delivered')}
            data-testid="mode-delivered"
          />
          <span>{t('actions.tracking.modeDelivered')}</span>
        </label>
      </fieldset>
      {mode === 'number' ? (
        <div className="form-grid">
          <Field label={t('actions.tracking.number')} error={numberError}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input mono"
                value={trackingNumber}
                autoComplete="off"
                aria-describedby={describedBy}
                aria-invalid={invalid}
                data-testid="tracking-number"
                onChange={(e) => setTrackingNumber(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('actions.tracking.courier')}>
            {({ id }) => (
              <input
                id={id}
                className="input"
                value={courier}
                autoComplete="off"
                data-testid="tracking-courier"
                onChange={(e) => setCourier(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('actions.tracking.url')} error={urlError} className="form-grid__wide">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input"
                type="url"
                value={trackingUrl}
                autoComplete="off"
                placeholder="https://"
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setTrackingUrl(e.target.value)}
              />
            )}
          </Field>
        </div>
      ) : (
        <Field label={t('actions.tracking.event')} hint={t('actions.tracking.eventHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input"
              value={event}
              aria-describedby={describedBy}
              onChange={(e) => setEvent(e.target.value)}
            />
          )}
        </Field>
      )}
    </ActionDialog>
  );
}
