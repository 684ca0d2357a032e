import type { OrderDocument } from '../../../vtex';

/**
 * What the search index holds for one order, and how user input becomes an FTS5 query.
 *
 * The index tokenizes with `unicode61 remove_diacritics 2`: every run of letters and digits is a
 * token, everything else separates, case and accents fold ("Conceição" = "conceicao"). That
 * splits `1234567890123-01` into `1234567890123` + `01` and `123.456.789-09` into four numbers,
 * so each word with inner punctuation is ALSO indexed compacted (`123456789012301`,
 * `12345678909`): a scanner or a clerk typing the id with or without its dash gets a prefix hit.
 */

/** Mirrors unicode61's default token characters (categories L*, N*, Co). */
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;

export function tokensOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(SEPARATORS)
    .filter((t) => t.length > 0);
}

/**
 * The values, plus compacted forms of each word that punctuation splits into several tokens: the
 * whole word and every tail that starts at a token boundary (`maria.silva@uol.com` also gives
 * `mariasilvauolcom`, `silvauolcom`, `uolcom`). A query word with punctuation is searched
 * compacted, so it matches from the start of any such piece, whatever punctuation was typed.
 */
function indexText(values: readonly (string | null | undefined)[]): string {
  const out: string[] = [];
  for (const v of values) {
    if (!v) continue;
    out.push(v);
    for (const word of v.split(/\s+/)) {
      const tokens = tokensOf(word);
      for (let i = 0; i < tokens.length - 1; i++) out.push(tokens.slice(i).join(''));
    }
  }
  return out.join(' ');
}

/** Column values of `orders_fts` (order_ref, sequence, customer, items) for one document. */
export interface SearchColumns {
  orderRef: string;
  sequence: string;
  customer: string;
  items: string;
}

export function searchColumns(doc: OrderDocument): SearchColumns {
  const c = doc.clientProfileData;
  const itemValues: (string | null | undefined)[] = [];
  for (const item of doc.items) itemValues.push(item.id, item.ean, item.refId, item.name);
  return {
    // Not sellerOrderId: it is `00-` + the order id, already covered.
    orderRef: indexText([doc.orderId, doc.marketplaceOrderId]),
    sequence: indexText([doc.sequence]),
    customer: indexText([
      c?.firstName,
      c?.lastName,
      c?.corporateName,
      c?.tradeName,
      c?.email,
      c?.document,
      c?.corporateDocument,
    ]),
    items: indexText(itemValues),
  };
}

/** Bounds that keep a pasted novel from becoming an expensive query. */
const MAX_INPUT_CHARS = 256;
const MAX_TERMS = 8;

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * Turns free text into a safe FTS5 MATCH expression, or undefined when nothing searchable is
 * left. User text never reaches MATCH raw: it is cut into our own tokens (letters and digits
 * only) and every term is a quoted string, so `"`, `*`, `-`, `:`, `^`, `(`, NEAR, AND, OR, NOT
 * and column names are just text.
 *
 * Every word must match as a whole token, except that with `lastWordPrefix` (the default) the
 * last word may be the beginning of one (search as you type, a partial scan); searchOrders tries
 * whole words first. A word with inner punctuation (`1234567890123-01`, `123.456`, `ana@uol`) is
 * searched compacted, against the compacted pieces the index holds, so the punctuation typed
 * does not matter.
 */
export function toMatchQuery(
  input: string,
  opts: { lastWordPrefix?: boolean } = {},
): string | undefined {
  const words = input.normalize('NFC').slice(0, MAX_INPUT_CHARS).split(/\s+/);
  const terms: string[] = [];
  for (const word of words) {
    const token = tokensOf(word).join('');
    if (token !== '') terms.push(quote(token));
  }
  if (terms.length === 0) return undefined;
  const kept = terms.slice(0, MAX_TERMS).join(' ');
  return opts.lastWordPrefix === false ? kept : `${kept}*`;
}
