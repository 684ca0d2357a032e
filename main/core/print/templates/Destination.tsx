// @jsxRuntime automatic
// @jsxImportSource react
import type { SlipViewProps } from './types';

/** The delivery address, or the pickup point the customer collects from. */
export function Destination({ model, t }: Pick<SlipViewProps, 'model' | 't'>) {
  const d = model.destination;
  if (!d) return null;
  const head = d.kind === 'pickup' ? d.name : d.receiver;
  return (
    <div className="destination">
      <div className="block-title">
        {model.variant === 'return'
          ? t.customerAddress
          : d.kind === 'pickup'
            ? t.pickupAt
            : t.deliverTo}
      </div>
      {head ? <div className="strong wrap">{head}</div> : null}
      {d.lines.map((l, i) => (
        <div key={i} className="wrap">
          {l}
        </div>
      ))}
    </div>
  );
}
