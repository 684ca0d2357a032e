import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalWhen, compileCanonical } from '../../vtex/canonical';
import { isCanonicalOrderDocument, OrderDocument } from '../../vtex';
import { bulkOrders, makeOrder } from '../helpers/desk-orders';

/** What the client reads off the wire: a fresh JSON.parse of the text. */
const wire = (doc: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

describe('the compiled canonical check of an order document', () => {
  it("says true only when the schema's parse gives back the same value", () => {
    let canonical = 0;
    for (const doc of [...bulkOrders(300, { seed: 5 })].flat()) {
      const json = wire(doc);
      if (!isCanonicalOrderDocument(json)) continue;
      canonical++;
      expect(OrderDocument.parse(json)).toEqual(json);
    }
    // The generated orders are VTEX-shaped: the check must accept them, or it saves nothing.
    expect(canonical).toBe(300);
  });

  it('says false whenever the parse would change or refuse the document', () => {
    const base = wire(makeOrder({ index: 1 }));
    const changed: [string, (d: Record<string, unknown>) => void][] = [
      ['a numeric string for cents', (d) => (d.value = String(d.value))],
      ['cents with a fraction', (d) => (d.value = 10.5)],
      ['an absent list the parse defaults', (d) => delete d.totals],
      ['camelCase cancellation data', (d) => (d.cancellationData = { reason: 'x' })],
      [
        'a number for a payment system',
        (d) => {
          const pd = d.paymentData as {
            transactions: { payments: { paymentSystem: unknown }[] }[];
          };
          const p = pd.transactions[0]?.payments[0];
          if (p) p.paymentSystem = 2;
        },
      ],
      ['a missing order id', (d) => delete d.orderId],
      ['a string for the items', (d) => (d.items = 'none')],
      [
        'a fractional quantity',
        (d) => {
          const items = d.items as { quantity: number }[];
          if (items[0]) items[0].quantity = 1.5;
        },
      ],
      ['not an object', (d) => (d.clientProfileData = [])],
    ];
    expect(isCanonicalOrderDocument(base)).toBe(true);
    for (const [what, change] of changed) {
      const d = structuredClone(base);
      change(d);
      expect({ what, canonical: isCanonicalOrderDocument(d) }).toEqual({ what, canonical: false });
      const parsed = OrderDocument.safeParse(d);
      // Either refused or changed by the parse: never a silent difference.
      if (parsed.success) expect(parsed.data).not.toEqual(d);
    }
    expect(isCanonicalOrderDocument({ ...base, cancellationData: { Reason: 'x' } })).toBe(true);
    expect(isCanonicalOrderDocument(null)).toBe(false);
  });

  it('leaves to the parse what it does not know: unions, unregistered transforms, refinements', () => {
    expect(compileCanonical(z.union([z.string(), z.number()]))('a')).toBe(false);
    expect(compileCanonical(z.string().transform((s) => s.trim()))('a')).toBe(false);
    expect(compileCanonical(z.string().min(2))('abc')).toBe(false);
    expect(compileCanonical(z.object({ a: z.string() }))({ a: 'x', b: 1 })).toBe(false);
    expect(compileCanonical(z.object({ a: z.string() }))({ a: 'x' })).toBe(true);
    const Upper = canonicalWhen(
      z.string().transform((s) => s.toUpperCase()),
      () => (v) => typeof v === 'string' && v === v.toUpperCase(),
    );
    expect(compileCanonical(z.array(Upper))(['AB', 'C'])).toBe(true);
    expect(compileCanonical(z.array(Upper))(['ab'])).toBe(false);
  });
});
