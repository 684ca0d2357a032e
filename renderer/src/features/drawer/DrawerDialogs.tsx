import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure, DrawerView } from '../../../../preload/contract';
import { centsToInput, parseMoneyInput } from '../../format/money';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { SubmitFooter } from '../../ui/SubmitFooter';
import { DifferenceText } from './DifferenceText';
import { MoneyField } from './MoneyField';

/**
 * The count at the end of the shift: what the drawer should hold, what the operator counted, and
 * the difference as it is typed. Enter closes the drawer (and prints the report on the slip
 * printer when asked); Esc backs out.
 */
export function CloseDrawerDialog({
  drawer,
  onClose,
}: {
  drawer: DrawerView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const mode = useDesk((s) => s.drawerClosing);
  const closeDrawer = useDesk((s) => s.closeDrawer);
  const printReport = useDesk((s) => s.printReport);
  const endShift = useDesk((s) => s.endShift);
  const showToast = useDesk((s) => s.showToast);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [print, setPrint] = useState(true);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const expected = drawer.totals.expected;
  const counted = parseMoneyInput(text, fmt.locale);
  const problem =
    text.trim() === ''
      ? tried
        ? t('drawer.close.enterCount')
        : null
      : counted === null
        ? t('drawer.invalid', { example: fmt.money(expected, drawer.currency) })
        : null;

  const submit = async () => {
    setTried(true);
    if (counted === null || busy) return;
    setBusy(true);
    const result = await closeDrawer({ counted, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    if (print) {
      const job = await printReport(result.data.drawer.id, 'thermal');
      if (!job.ok) showToast('bad', failureText(t, fmt.locale, job.error));
    }
  };

  return (
    <Dialog
      title={t('drawer.close.title', { number: drawer.number })}
      lead={mode === 'end-shift' ? t('drawer.close.endShiftLead') : t('drawer.close.lead')}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="dialog-close-drawer"
      closeLabel={t('common.close')}
      footer={<SubmitFooter onCancel={onClose} busy={busy} label={t('drawer.close.submit')} />}
    >
      <div className="till">
        <div className="till__row till__row--due">
          <span>{t('drawer.expected')}</span>
          <strong className="num" data-testid="close-expected">
            {fmt.money(expected, drawer.currency)}
          </strong>
        </div>
        <MoneyField
          label={t('drawer.close.counted')}
          hint={t('drawer.close.countedHint')}
          value={text}
          onChange={setText}
          error={problem}
          testId="drawer-counted-input"
          autoFocus
        />
        <div className="till__row till__row--change" aria-live="polite">
          <span>{t('drawer.difference')}</span>
          <strong className="num" data-testid="close-difference">
            {counted === null ? (
              '—'
            ) : (
              <DifferenceText cents={counted - expected} currency={drawer.currency} />
            )}
          </strong>
        </div>
      </div>
      <Field label={t('drawer.close.note')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            maxLength={500}
            value={note}
            data-testid="drawer-close-note"
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={print}
          data-testid="drawer-close-print"
          onChange={(e) => setPrint(e.target.checked)}
        />
        <span>{t('drawer.close.print')}</span>
      </label>
      {mode === 'end-shift' && (
        <button
          type="button"
          className="button button--ghost drawer-leave-open"
          data-testid="drawer-leave-open"
          onClick={() => {
            onClose();
            void endShift();
          }}
        >
          {t('drawer.close.leaveOpen')}
        </button>
      )}
      {failure && (
        <Notice tone="bad" live testId="dialog-refusal">
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
    </Dialog>
  );
}

const KINDS = ['refund', 'cash-out', 'cash-in'] as const;

/** A refund to a customer, or cash brought into or taken out of the drawer, with why. */
export function MoveCashDialog({
  drawer,
  onClose,
  initial,
}: {
  drawer: DrawerView;
  onClose: () => void;
  /** A refund started from an order: its id, and the amount returned when there is a return. */
  initial?: { orderId: string; amount: number | null };
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const moveCash = useDesk((s) => s.moveCash);
  const showToast = useDesk((s) => s.showToast);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('refund');
  const [text, setText] = useState(() =>
    initial?.amount ? centsToInput(initial.amount, drawer.currency, fmt.locale) : '',
  );
  const [orderId, setOrderId] = useState(initial?.orderId ?? '');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const amount = parseMoneyInput(text, fmt.locale);
  const problem =
    text.trim() === ''
      ? tried
        ? t('drawer.close.enterCount')
        : null
      : amount === null || amount === 0
        ? t('drawer.invalid', { example: fmt.money(5_000, drawer.currency) })
        : null;

  const submit = async () => {
    setTried(true);
    if (amount === null || amount === 0 || busy) return;
    setBusy(true);
    const result = await moveCash({
      kind,
      amount,
      ...(kind === 'refund' && orderId.trim() ? { orderId: orderId.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    showToast(
      'ok',
      t('drawer.move.done', {
        kind: t(`drawer.kinds.${kind}`),
        amount: fmt.money(amount, drawer.currency),
      }),
    );
    onClose();
  };

  return (
    <Dialog
      title={t('drawer.move.title', { number: drawer.number })}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="dialog-move-cash"
      closeLabel={t('common.close')}
      footer={<SubmitFooter onCancel={onClose} busy={busy} label={t('drawer.move.submit')} />}
    >
      <fieldset className="choice">
        <legend>{t('drawer.move.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k} className="choice__option">
            <input
              type="radio"
              name="move-kind"
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            <span>{t(`drawer.kinds.${k}`)}</span>
          </label>
        ))}
      </fieldset>
      <MoneyField
        label={t('drawer.move.amount')}
        value={text}
        onChange={setText}
        error={problem}
        testId="drawer-move-amount"
        autoFocus
      />
      {kind === 'refund' && (
        <Field label={t('drawer.move.order')} hint={t('drawer.move.orderHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              maxLength={64}
              value={orderId}
              aria-describedby={describedBy}
              data-testid="drawer-move-order"
              onChange={(e) => setOrderId(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label={t('drawer.move.note')} hint={t('drawer.move.noteHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            maxLength={500}
            value={note}
            aria-describedby={describedBy}
            data-testid="drawer-move-note"
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      {failure && (
        <Notice tone="bad" live testId="dialog-refusal">
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
    </Dialog>
  );
}
