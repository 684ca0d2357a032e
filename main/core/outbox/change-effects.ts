import type { OrderDocument } from '../../../vtex';
import type { ChangeBody } from './kinds';

/**
 * What an order change does to the order, as the desk expects VTEX to show it once applied, and
 * whether VTEX's document already shows it. Pure.
 */

/** VTEX records each applied change in `changesAttachment.changesData`, with its reason. */
export function changeApplied(doc: OrderDocument, marker: string): boolean {
  const att = doc.changesAttachment as { changesData?: { reason?: unknown }[] } | null | undefined;
  return (att?.changesData ?? []).some(
    (c) => typeof c.reason === 'string' && c.reason.includes(marker),
  );
}

type Item = OrderDocument['items'][number];

/**
 * Units taken out lower the order's value by their selling price; a line left empty goes away
 * with its shipping (as VTEX does when it compensates shipping changes). A replacement SKU the
 * order does not have yet is shown with the price of the unit it replaces: its real price comes
 * from VTEX's preview, and the desk does not invoice on this guess (see the invoice check).
 */
export function applyChange(doc: OrderDocument, body: ChangeBody): OrderDocument {
  const items: Item[] = doc.items.map((it) => ({ ...it }));
  let value = doc.value;
  const take = (id: string, quantity: number): Item | undefined => {
    let need = quantity;
    let first: Item | undefined;
    for (const it of items) {
      if (it.id !== id || need === 0 || it.quantity === 0) continue;
      first ??= it;
      const n = Math.min(need, it.quantity);
      it.quantity -= n;
      need -= n;
      value -= (it.sellingPrice ?? it.price) * n;
    }
    return first;
  };
  for (const r of body.remove?.items ?? []) take(r.id, r.quantity);
  for (const rep of body.replace ?? []) {
    let template: Item | undefined;
    for (const f of rep.from.items) template = take(f.id, f.quantity) ?? template;
    for (const t of rep.to.items) {
      const same = items.find((i) => i.id === t.id);
      const unit = same ?? template;
      if (!unit) continue;
      const price = unit.sellingPrice ?? unit.price;
      value += price * t.quantity;
      if (same) same.quantity += t.quantity;
      else
        items.push({
          ...unit,
          id: t.id,
          uniqueId: `${unit.uniqueId}-${t.id}`,
          name: `SKU ${t.id}`,
          quantity: t.quantity,
        });
    }
  }
  const lis = doc.shippingData?.logisticsInfo ?? [];
  const kept: Item[] = [];
  const keptLis: typeof lis = [];
  items.forEach((it, i) => {
    const li = lis.find((l) => l.itemIndex === i);
    if (it.quantity === 0) {
      const price = (li as { price?: unknown } | undefined)?.price;
      if (typeof price === 'number') value -= price;
      return;
    }
    if (li) keptLis.push({ ...li, itemIndex: kept.length });
    kept.push(it);
  });
  return {
    ...doc,
    items: kept,
    value,
    ...(doc.shippingData ? { shippingData: { ...doc.shippingData, logisticsInfo: keptLis } } : {}),
  };
}
