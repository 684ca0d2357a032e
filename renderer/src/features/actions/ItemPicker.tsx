import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { parseQuantity, type PickLine, type Quantities } from './forms';

/**
 * The −/+/All buttons are for the mouse and the finger; they keep the focus where it was, so
 * Enter still saves the invoice instead of pressing the last button again. The keyboard types
 * the quantity.
 */
const keepFocus = (e: MouseEvent) => e.preventDefault();

/**
 * The invoice's items: one row per order item with what may still go on this invoice, a number
 * field and −/+ buttons large enough for a gloved finger, and "all" for the whole line.
 */
export function ItemPicker({
  lines,
  quantities,
  onChange,
  currency,
  maxLabel,
}: {
  lines: PickLine[];
  quantities: Quantities;
  onChange: (next: Quantities) => void;
  currency: string | null;
  /** "Left to invoice" or "Returnable". */
  maxLabel: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const set = (index: number, value: string) => onChange({ ...quantities, [index]: value });
  const step = (line: PickLine, delta: number) => {
    const now = parseQuantity(quantities[line.index] ?? '') ?? 0;
    set(line.index, String(Math.max(0, Math.min(line.max, now + delta))));
  };

  return (
    <table className="table picker" data-testid="item-picker">
      <thead>
        <tr>
          <th scope="col">{t('order.items.product')}</th>
          <th scope="col" className="num-col">
            {maxLabel}
          </th>
          <th scope="col" className="num-col">
            {t('order.items.unitPrice')}
          </th>
          <th scope="col" className="picker__qty-col">
            {t('actions.picker.quantity')}
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const text = quantities[line.index] ?? '';
          const q = parseQuantity(text);
          const wrong = q === null || q > line.max;
          const inputId = `pick-${line.index}`;
          return (
            <tr
              key={line.index}
              className={wrong ? 'picker__row--wrong' : ''}
              data-testid="picker-row"
            >
              <td>
                <label htmlFor={inputId} className="picker__name">
                  {line.name}
                </label>
                <span className="picker__sku mono">{line.id}</span>
              </td>
              <td className="num-col num">{line.max}</td>
              <td className="num-col num">{fmt.money(line.unitPrice, currency)}</td>
              <td className="picker__qty-col">
                <div className="stepper">
                  <button
                    type="button"
                    className="stepper__button"
                    tabIndex={-1}
                    onMouseDown={keepFocus}
                    onClick={() => step(line, -1)}
                    aria-label={t('actions.picker.less', { name: line.name })}
                    disabled={(q ?? 0) <= 0}
                  >
                    −
                  </button>
                  <input
                    id={inputId}
                    className="stepper__input num"
                    inputMode="numeric"
                    value={text}
                    placeholder="0"
                    aria-invalid={wrong}
                    data-testid={`pick-qty-${line.index}`}
                    onChange={(e) => set(line.index, e.target.value)}
                  />
                  <button
                    type="button"
                    className="stepper__button"
                    tabIndex={-1}
                    onMouseDown={keepFocus}
                    onClick={() => step(line, 1)}
                    aria-label={t('actions.picker.more', { name: line.name })}
                    disabled={(q ?? 0) >= line.max}
                  >
                    +
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    tabIndex={-1}
                    onMouseDown={keepFocus}
                    onClick={() => set(line.index, String(line.max))}
                  >
                    {t('actions.picker.all')}
                  </button>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
