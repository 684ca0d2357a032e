// @jsxRuntime automatic
// @jsxImportSource react
import type { SlipPayment } from '../slip-model';
import { Row } from './Row';
import type { SlipViewProps } from './types';

function describe(p: SlipPayment, t: SlipViewProps['t']): string {
  const parts = [p.label];
  if (p.installments) parts.push(t.installments(p.installments));
  if (p.lastDigits) parts.push(t.cardEnding(p.lastDigits));
  if (p.cash === 'paid') parts.push(`— ${t.paidInCash}`);
  if (p.cash === 'due') parts.push(`— ${t.toCollectInCash}`);
  return parts.join(' ');
}

/** How the order was paid; a recorded cash payment says so, so nobody collects it twice. */
export function Payments({ model, t, fmt }: Pick<SlipViewProps, 'model' | 't' | 'fmt'>) {
  if (model.payments.length === 0) return null;
  return (
    <div className="payments">
      <div className="block-title">{t.payments}</div>
      {model.payments.map((p, i) => (
        <Row key={i} label={describe(p, t)} value={fmt.money(p.value)} />
      ))}
    </div>
  );
}
