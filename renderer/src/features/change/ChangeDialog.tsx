import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangePreviewResponse, DeskFailure, OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import type { ChangeIntent } from '../../store/slices/ui';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { ActionDialog } from '../actions/ActionDialog';
import { useActionSubmit } from '../actions/use-action-submit';

const REASONS = ['missing', 'damaged', 'customer'] as const;
type Reason = (typeof REASONS)[number];

interface LineInput {
  out: string;
  replaceWith: string;
}

/** The worker's lines as the contract takes them; an empty SKU means "take out". */
function linesOf(detail: OrderDetail, input: Record<number, LineInput>) {
  const remove: { id: string; quantity: number }[] = [];
  const replace: {
    from: { id: string; quantity: number };
    to: { id: string; quantity: number };
  }[] = [];
  for (const item of detail.items) {
    const l = input[item.index];
    const n = Number(l?.out ?? '');
    if (!l || !Number.isInteger(n) || n <= 0) continue;
    const sku = l.replaceWith.trim();
    if (sku) replace.push({ from: { id: item.id, quantity: n }, to: { id: sku, quantity: n } });
    else remove.push({ id: item.id, quantity: n });
  }
  return {
    ...(remove.length ? { remove } : {}),
    ...(replace.length ? { replace } : {}),
  };
}

/**
 * A missing or damaged item found while picking: take units out, or replace them with another
 * SKU, through VTEX's order change. Online, VTEX previews what is refunded or charged and the
 * worker confirms that; offline, the change is queued as said and previewed on reconnect.
 * Keyboard: the first Enter previews, the next one applies. Opened from the pack check for a line
 * it cannot complete (`intent`), it starts with that line's units to take out.
 */
export function ChangeDialog({ detail, intent }: { detail: OrderDetail; intent?: ChangeIntent }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const act = useDesk((s) => s.act);
  const currency = detail.row.currency;
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const [input, setInput] = useState<Record<number, LineInput>>(() =>
    intent ? { [intent.index]: { out: String(intent.quantity), replaceWith: '' } } : {},
  );
  const [reason, setReason] = useState<Reason>('missing');
  const [details, setDetails] = useState('');
  const [preview, setPreview] = useState<ChangePreviewResponse | null>(null);
  const [previewFailure, setPreviewFailure] = useState<DeskFailure | null>(null);
  const [offline, setOffline] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [consent, setConsent] = useState(false);
  const [tried, setTried] = useState(false);
  const { busy, failure, submit } = useActionSubmit(() =>
    t('actions.queued', { action: t('verbs.change'), order }),
  );

  const lines = linesOf(detail, input);
  const empty = !lines.remove && !lines.replace;
  const reasonText = `${t(`actions.change.reasons.${reason}`)}${details.trim() ? `: ${details.trim()}` : ''}`;
  const charge = preview !== null && preview.totalChangeValue > 0;

  const edit = (index: number, patch: Partial<LineInput>) => {
    setInput((cur) => ({
      ...cur,
      [index]: { out: '', replaceWith: '', ...cur[index], ...patch },
    }));
    setPreview(null);
    setOffline(false);
    setPreviewFailure(null);
    setConsent(false);
  };

  const runPreview = async () => {
    setPreviewing(true);
    setPreviewFailure(null);
    const r = await ask('changes:preview', {
      orderId: detail.row.orderId,
      reason: reasonText,
      ...lines,
    });
    setPreviewing(false);
    if (r.ok) {
      setPreview(r.data);
      setOffline(false);
    } else if (r.error.code === 'OFFLINE' || r.error.code === 'UNREACHABLE') {
      setOffline(true);
    } else {
      setPreviewFailure(r.error);
    }
  };

  const send = () => {
    setTried(true);
    if (empty || busy || previewing) return;
    if (!preview && !offline) {
      void runPreview();
      return;
    }
    if (charge && !consent) return;
    void submit(async () => {
      const r = await act('actions:change', {
        orderId: detail.row.orderId,
        reason: reasonText,
        ...lines,
        ...(preview ? { approvedChangeValue: preview.totalChangeValue } : {}),
      });
      if (r.ok && intent) keepMissing(intent);
      return r;
    });
  };

  // The pack check's line reported missing, kept with the pack check's problems so the order's
  // timeline says why its items changed. The change is saved either way.
  const keepMissing = (i: ChangeIntent) => {
    const l = input[i.index];
    const quantity = Number(l?.out ?? '');
    if (!l || !Number.isInteger(quantity) || quantity <= 0) return;
    const sku = l.replaceWith.trim();
    void ask('pack:record', {
      orderId: detail.row.orderId,
      kind: 'missing',
      code: i.sku,
      itemName: i.name.slice(0, 200),
      quantity,
      ...(sku ? { replacedBy: sku } : {}),
    });
  };

  const submitLabel =
    previewing || (!preview && !offline)
      ? t('actions.change.preview')
      : offline
        ? t('actions.change.submitOffline')
        : t('actions.change.submit');

  return (
    <ActionDialog
      title={t('actions.change.title', { order })}
      lead={
        intent ? (
          // From the pack check the line is known: its words replace the general lead, which
          // keeps the preview within a 768-high screen.
          <span data-testid="change-from-pack">
            {t('floor.pack.changeFromPack', { name: intent.name, count: intent.quantity })}
          </span>
        ) : (
          t('actions.change.lead')
        )
      }
      check={detail.checks.change}
      failure={failure ?? previewFailure}
      busy={busy || previewing}
      submitLabel={submitLabel}
      testId="dialog-change"
      size="large"
      onSubmit={send}
    >
      <table className="table items">
        <thead>
          <tr>
            <th scope="col">{t('order.items.product')}</th>
            <th scope="col" className="num-col">
              {t('order.items.quantity')}
            </th>
            <th scope="col" className="num-col">
              {t('actions.change.takeOut')}
            </th>
            <th scope="col">{t('actions.change.replaceWith')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.items.map((item, i) => (
            <tr key={item.index} data-testid="change-line" data-sku={item.id}>
              <td>
                {item.name}
                <br />
                <span className="muted mono">SKU {item.id}</span>
              </td>
              <td className="num-col">{item.quantity}</td>
              <td className="num-col">
                <input
                  className="input input--qty"
                  type="number"
                  min={0}
                  max={item.quantity}
                  inputMode="numeric"
                  aria-label={t('actions.change.takeOutOf', { name: item.name })}
                  value={input[item.index]?.out ?? ''}
                  autoFocus={!intent && i === 0}
                  {...(intent?.index === item.index ? { 'data-autofocus': true } : {})}
                  onFocus={
                    intent?.index === item.index ? (e) => e.currentTarget.select() : undefined
                  }
                  data-testid={`change-out-${item.id}`}
                  onChange={(e) => edit(item.index, { out: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="input"
                  maxLength={64}
                  placeholder={t('actions.change.replaceHint')}
                  aria-label={t('actions.change.replaceOf', { name: item.name })}
                  value={input[item.index]?.replaceWith ?? ''}
                  data-testid={`change-replace-${item.id}`}
                  onChange={(e) => edit(item.index, { replaceWith: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tried && empty && (
        <p className="field__error" role="alert">
          {t('actions.change.nothing')}
        </p>
      )}
      <fieldset className="choice">
        <legend>{t('actions.change.why')}</legend>
        {REASONS.map((r) => (
          <label key={r} className="choice__option">
            <input
              type="radio"
              name="change-reason"
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
              data-testid={`change-reason-${r}`}
            />
            <span>{t(`actions.change.reasons.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('actions.change.details')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            value={details}
            maxLength={300}
            aria-describedby={describedBy}
            onChange={(e) => setDetails(e.target.value)}
          />
        )}
      </Field>
      {preview && (
        <Notice tone={charge ? 'warn' : 'info'} testId="change-preview" live>
          {preview.totalChangeValue < 0
            ? t('actions.change.refund', {
                amount: fmt.money(-preview.totalChangeValue, currency),
              })
            : charge
              ? t('actions.change.charge', {
                  amount: fmt.money(preview.totalChangeValue, currency),
                })
              : t('actions.change.even')}{' '}
          {t('actions.change.newValue', { amount: fmt.money(preview.newOrderValue, currency) })}
        </Notice>
      )}
      {charge && (
        <label className="choice__option">
          <input
            type="checkbox"
            checked={consent}
            onChange={(e) => setConsent(e.target.checked)}
            data-testid="change-consent"
          />
          <span>{t('actions.change.consent')}</span>
        </label>
      )}
      {tried && charge && !consent && (
        <p className="field__error" role="alert">
          {t('actions.change.consentMissing')}
        </p>
      )}
      {offline && (
        <Notice tone="warn" testId="change-offline" live>
          {t('actions.change.offline')}
        </Notice>
      )}
    </ActionDialog>
  );
}
