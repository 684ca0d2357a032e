import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { ActionDialog } from './ActionDialog';
import { checkPick, pickTotals, pickedItems, type PickLine, type Quantities } from './forms';
import { ItemPicker } from './ItemPicker';
import { packQuantities, packUnits } from './pack';
import { useActionSubmit } from './use-action-submit';

type Scope = 'all' | 'some';

/**
 * An invoice: a sale (Output) — the whole rest of the order or some items — or a return (Input)
 * of invoiced items. The invoice number may be left empty: the desk draws the next one from the
 * station's pattern.
 */
export function InvoiceDialog({
  detail,
  type,
  packed,
}: {
  detail: OrderDetail;
  type: 'Output' | 'Input';
  /** After a pack check: item index → units scanned. The invoice holds exactly those. */
  packed?: Record<number, number> | undefined;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const act = useDesk((s) => s.act);
  const sale = type === 'Output';
  const key = sale ? 'invoice' : 'return';
  const currency = detail.row.currency;
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;

  const lines: PickLine[] = useMemo(
    () =>
      detail.items
        .map((item) => ({
          index: item.index,
          id: item.id,
          name: item.name,
          max: sale ? item.remainingToInvoice : item.returnable,
          unitPrice: item.sellingPrice ?? item.price,
        }))
        .filter((line) => line.max > 0),
    [detail.items, sale],
  );

  const packLines = useMemo(
    () =>
      lines.map((l) => ({
        index: l.index,
        sku: l.id,
        name: l.name,
        ean: null,
        refId: null,
        expected: l.max,
      })),
    [lines],
  );
  const packedUnits = packed ? packUnits(packLines, packed) : null;
  const [scope, setScope] = useState<Scope>(packedUnits && !packedUnits.complete ? 'some' : 'all');
  const [quantities, setQuantities] = useState<Quantities>(() =>
    packed ? packQuantities(packLines, packed) : {},
  );
  const missing = packed
    ? lines
        .filter((l) => (packed[l.index] ?? 0) < l.max)
        .map((l) => `${l.max - Math.min(packed[l.index] ?? 0, l.max)}× ${l.name}`)
    : [];
  const [invoiceNumber, setInvoiceNumber] = useState('');
  const [courier, setCourier] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const [tried, setTried] = useState(false);

  const { busy, failure, submit } = useActionSubmit(
    (queued) =>
      t(sale ? 'actions.invoice.queued' : 'actions.return.queued', {
        invoice: queued.invoiceNumber ?? '',
        order,
      }),
    (queued) =>
      t(sale ? 'floor.syncedInvoice' : 'floor.syncedReturn', {
        invoice: queued.invoiceNumber ?? '',
        order,
      }),
  );

  const allUnits = lines.reduce((n, l) => n + l.max, 0);
  const invoicedValue = detail.invoices
    .filter((i) => i.type === 'Output')
    .reduce((n, i) => n + i.value, 0);
  const allValue = sale
    ? Math.max(0, detail.row.value - invoicedValue)
    : lines.reduce((n, l) => n + l.max * l.unitPrice, 0);
  const picked = pickTotals(lines, quantities);
  const problem = scope === 'some' ? checkPick(lines, quantities) : null;
  const showProblem = problem && (problem.kind !== 'nothing' || tried);

  let problemText: string | null = null;
  if (showProblem && problem) {
    problemText =
      problem.kind === 'nothing'
        ? t(`actions.${key}.pickSomething`)
        : problem.kind === 'not-a-number'
          ? t('actions.picker.notANumber', { name: problem.name })
          : t(sale ? 'actions.picker.tooManyInvoice' : 'actions.picker.tooManyReturn', {
              name: problem.name,
              count: problem.max,
            });
  }

  const send = () => {
    setTried(true);
    if (problem) return;
    const orderId = detail.row.orderId;
    const number = invoiceNumber.trim();
    void submit(() =>
      act('actions:invoice', {
        orderId,
        type,
        ...(scope === 'some' ? { items: pickedItems(lines, quantities) } : {}),
        ...(number ? { invoiceNumber: number } : {}),
        ...(sale && courier.trim() ? { courier: courier.trim() } : {}),
        ...(sale && trackingNumber.trim() ? { trackingNumber: trackingNumber.trim() } : {}),
      }),
    );
  };

  return (
    <ActionDialog
      title={t(`actions.${key}.title`, { order })}
      lead={t(`actions.${key}.lead`)}
      check={detail.checks[key]}
      failure={failure}
      busy={busy}
      submitLabel={t(`actions.${key}.submit`)}
      testId={`dialog-${key}`}
      size="large"
      submitTone="primary"
      focusSubmit={!!packed}
      onSubmit={send}
    >
      {key === 'invoice' &&
        detail.actions.some(
          (a) => a.kind === 'change' && (a.state === 'queued' || a.state === 'sending'),
        ) && (
          <Notice tone="pending" testId="invoice-waits-for-change">
            {t('actions.invoiceWaits')}
          </Notice>
        )}
      {packedUnits && (
        <Notice tone={packedUnits.complete ? 'ok' : 'warn'} testId="invoice-packed">
          {t('floor.pack.fromCheck', {
            scanned: packedUnits.scanned,
            count: packedUnits.expected,
          })}
          {missing.length > 0 && ` ${t('floor.pack.missing', { items: missing.join(', ') })}`}
        </Notice>
      )}
      <fieldset className="choice choice--inline">
        <legend>{t(`actions.${key}.scope`)}</legend>
        <label className="choice__option">
          <input
            type="radio"
            name="scope"
            value="all"
            checked={scope === 'all'}
            onChange={() => setScope('all')}
            data-testid="scope-all"
          />
          <span>
            {t(`actions.${key}.all`, { count: allUnits, value: fmt.money(allValue, currency) })}
          </span>
        </label>
        <label className="choice__option">
          <input
            type="radio"
            name="scope"
            value="some"
            checked={scope === 'some'}
            onChange={() => setScope('some')}
            data-testid="scope-some"
          />
          <span>{t(`actions.${key}.some`)}</span>
        </label>
      </fieldset>

      {scope === 'some' && (
        <>
          <ItemPicker
            lines={lines}
            quantities={quantities}
            onChange={setQuantities}
            currency={currency}
            maxLabel={sale ? t('actions.picker.leftToInvoice') : t('actions.picker.returnable')}
          />
          <p className="picker__total" aria-live="polite" data-testid="picker-total">
            {t('actions.picker.total', {
              count: picked.units,
              value: fmt.money(picked.value, currency),
            })}
          </p>
        </>
      )}
      {problemText && (
        <p className="field__error" role="alert" data-testid="pick-problem">
          {problemText}
        </p>
      )}

      <div className="form-grid">
        <Field label={t('actions.invoice.number')} hint={t('actions.invoice.numberHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              value={invoiceNumber}
              autoComplete="off"
              aria-describedby={describedBy}
              data-testid="invoice-number"
              onChange={(e) => setInvoiceNumber(e.target.value)}
            />
          )}
        </Field>
        {sale && (
          <>
            <Field label={t('actions.tracking.courier')}>
              {({ id }) => (
                <input
                  id={id}
                  className="input"
                  value={courier}
                  autoComplete="off"
                  onChange={(e) => setCourier(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('actions.tracking.number')} hint={t('actions.invoice.trackingHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  className="input mono"
                  value={trackingNumber}
                  autoComplete="off"
                  aria-describedby={describedBy}
                  onChange={(e) => setTrackingNumber(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
      </div>
    </ActionDialog>
  );
}
