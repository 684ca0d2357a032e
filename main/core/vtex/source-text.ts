/**
 * The JSON text an order document arrived as, so the cache can store that text instead of
 * serialising the parsed document again (JSON.stringify of a 5–20 KB document cost as much as
 * parsing it, per order, in the feed ingest profile).
 *
 * The text may stand for the document only when the two say the same thing: parsing can change a
 * document (defaults, casing folds, numeric strings become numbers) and a caller may change the
 * object after the fetch. So the client keeps the untouched parse of the body next to the
 * document, and `sourceTextOf` compares the document as it is NOW with it: any difference and the
 * caller serialises the document as before.
 *
 * One exception: a body that needed no change at all (the client's compiled canonical check, see
 * vtex/canonical.ts) IS the document, without the schema's copy, so there is no untouched parse
 * to compare with. A caller that must change such a document before storing it changes a copy
 * (structuredClone); none of today's callers changes a fetched document.
 */

interface Source {
  /** The body as JSON.parse returned it; never handed out, so nobody can change it. */
  json: unknown;
  text: string;
}

/**
 * The source rides on the document itself, under a symbol key that is neither enumerable nor
 * copied (JSON.stringify, Object.keys, spreads and structuredClone all skip it), rather than in a
 * WeakMap keyed by the document: a WeakMap entry whose value holds its own key (a body that needed
 * no change IS the document) is an ephemeron the garbage collector must trace specially, and a
 * profile of Get order showed that costing about as much per order as parsing the body.
 */
const SOURCE: unique symbol = Symbol('vtex source text');

type WithSource = { [SOURCE]?: Source };

/** Called by the client for a document parsed from `text` (`json` is JSON.parse(text)). */
export function rememberSource(doc: unknown, json: unknown, text: string): void {
  if (typeof doc !== 'object' || doc === null || !Object.isExtensible(doc)) return;
  Object.defineProperty(doc, SOURCE, {
    value: { json, text } satisfies Source,
    enumerable: false,
    writable: false,
    configurable: true,
  });
}

/** The received text when it still describes `doc` exactly (as JSON), else undefined. */
export function sourceTextOf(doc: object): string | undefined {
  const s = Object.prototype.hasOwnProperty.call(doc, SOURCE)
    ? (doc as WithSource)[SOURCE]
    : undefined;
  return s && sameJson(s.json, doc) ? s.text : undefined;
}

/**
 * Whether `b` serialises to the same JSON value as `a` (a plain JSON.parse result): same keys in
 * any order, `undefined`-valued keys of `b` counted as absent, as JSON.stringify drops them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xKeys = Object.keys(x);
  for (const k of xKeys) {
    // JSON.parse never yields undefined, so `undefined` here means "absent in b". An inherited
    // value (a key like "constructor") is not a JSON value and fails the comparison: only
    // false negatives, which cost a serialisation and nothing else.
    const v = y[k];
    if (v === undefined || !sameJson(x[k], v)) return false;
  }
  // Every key of a is in b; b has no others unless they hold undefined.
  const yKeys = Object.keys(y);
  if (yKeys.length === xKeys.length) return true;
  let defined = 0;
  for (const k of yKeys) if (y[k] !== undefined) defined++;
  return defined === xKeys.length;
}
