import type { ZodError } from 'zod';
import { CHANGE_ALLOWED_STATUSES, packagesOf, type OrderDocument } from '../../../vtex';
import { noteMarker, VERB_DATA, type ChangeBody } from './kinds';
import type { PrepareContext, Prepared } from './prepare';
import { refusal, type Refusal } from './refusals';

/**
 * A change of the order's items (order change v2), checked against the order as the desk
 * believes it is: VTEX takes changes only while the order is handled and before any invoice
 * (SalesOrderSystem046), never more units than the order has, never every item.
 */

type Parsed = ReturnType<typeof VERB_DATA.change.parse>;

function zodText(e: ZodError): string {
  return e.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'data'}: ${i.message}`)
    .join('; ');
}

/** The lines a change takes out of the order, per SKU (remove + replace.from). */
function takenOut(d: Pick<Parsed, 'remove' | 'replace'>): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of d.remove ?? []) m.set(r.id, (m.get(r.id) ?? 0) + r.quantity);
  for (const r of d.replace ?? []) m.set(r.from.id, (m.get(r.from.id) ?? 0) + r.from.quantity);
  return m;
}

export function checkChange(
  doc: OrderDocument,
  d: Pick<Parsed, 'remove' | 'replace'>,
): Refusal | null {
  const invoiced = packagesOf(doc).some((p) => p.type.toLowerCase() !== 'input');
  if (invoiced || !CHANGE_ALLOWED_STATUSES.includes(doc.status)) {
    return refusal(
      'CHANGE_NOT_ALLOWED',
      invoiced
        ? 'This order is already invoiced; VTEX does not change items after an invoice.'
        : `VTEX changes items only while an order is handled; this one is "${doc.status}".`,
    );
  }
  const out = takenOut(d);
  for (const [sku, n] of out) {
    const has = doc.items.filter((i) => i.id === sku).reduce((s, i) => s + i.quantity, 0);
    if (n > has) {
      return refusal(
        'CHANGE_QUANTITY_EXCEEDED',
        has === 0
          ? `SKU ${sku} is not an item of this order.`
          : `The order has ${has} × SKU ${sku}; the change takes out ${n}.`,
      );
    }
  }
  const added = new Set((d.replace ?? []).map((r) => r.to.id));
  const left = doc.items.some((i) => i.quantity > (out.get(i.id) ?? 0)) || added.size > 0;
  if (!left) {
    return refusal(
      'CHANGE_REMOVES_ALL',
      'The change would take out every item of the order; cancel the order instead.',
    );
  }
  return null;
}

/** The worker's lines back from the body (for the re-check before sending). */
export function changeDataOf(body: ChangeBody): Pick<Parsed, 'remove' | 'replace'> {
  return {
    remove: body.remove?.items.map((i) => ({ id: i.id, quantity: i.quantity })),
    replace: body.replace?.flatMap((r) =>
      r.from.items.flatMap((f) =>
        r.to.items.map((t) => ({
          from: { id: f.id, quantity: f.quantity },
          to: { id: t.id, quantity: t.quantity },
        })),
      ),
    ),
  };
}

/** The body VTEX receives: the reason carries the action's marker, to find the change again. */
export function changeBody(d: Parsed, actionId: string): ChangeBody {
  return {
    reason: `${d.reason} ${noteMarker(actionId)}`,
    ...(d.remove?.length
      ? { remove: { items: d.remove.map((r) => ({ id: r.id, quantity: r.quantity })) } }
      : {}),
    ...(d.replace?.length
      ? {
          replace: d.replace.map((r) => ({
            from: { items: [{ id: r.from.id, quantity: r.from.quantity }] },
            to: { items: [{ id: r.to.id, quantity: r.to.quantity }] },
          })),
        }
      : {}),
  };
}

export function prepareChange(data: unknown, ctx: PrepareContext): Prepared {
  const parsed = VERB_DATA.change.safeParse(data);
  if (!parsed.success) {
    return { ok: false, refusal: refusal('ACTION_BAD_DATA', zodText(parsed.error)) };
  }
  const d = parsed.data;
  for (const r of d.replace ?? []) {
    if (r.from.id === r.to.id) {
      return {
        ok: false,
        refusal: refusal(
          'ACTION_BAD_DATA',
          `replace: SKU ${r.to.id} cannot replace itself; remove units instead.`,
        ),
      };
    }
  }
  const bad = checkChange(ctx.doc, d);
  if (bad) return { ok: false, refusal: bad };
  return {
    ok: true,
    requests: [{ kind: 'change', target: null, body: changeBody(d, ctx.actionId) }],
  };
}
