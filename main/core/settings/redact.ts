/**
 * Makes a copy of a value that is safe to log: values under secret-looking keys (app token,
 * authorization, cookies, passwords) become "[redacted]", and any known secret value found inside
 * a string (a token pasted into a URL or an error message) is masked too. Handles nesting,
 * arrays, Errors, Maps and cycles; never mutates its input.
 */
export const REDACTED = '[redacted]';

/** Key names whose values are credentials. `appKey` is not: it names the key, like a user name. */
const SECRET_KEY = /token|secret|passw|authori[sz]ation|cookie|credential|private[-_]?key/i;

export interface RedactOptions {
  /** Secret values to mask wherever they appear (e.g. the current app token). */
  secrets?: readonly (string | undefined)[];
}

export function redact<T>(value: T, opts: RedactOptions = {}): T {
  // Short secrets would mask innocent text ("1", "ab"); real tokens are long.
  const secrets = (opts.secrets ?? []).filter((s): s is string => !!s && s.length >= 6);
  const seen = new WeakMap<object, unknown>();

  const maskString = (s: string): string => {
    let out = s;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };

  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskString(v);
    if (v === null || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    if (v instanceof Map) {
      const out = new Map<unknown, unknown>();
      seen.set(v, out);
      for (const [k, item] of v) {
        out.set(k, typeof k === 'string' && SECRET_KEY.test(k) ? REDACTED : walk(item));
      }
      return out;
    }
    if (v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    if (v instanceof Error) {
      out.name = v.name;
      out.message = maskString(v.message);
      if (v.stack) out.stack = maskString(v.stack);
      if (v.cause !== undefined) out.cause = walk(v.cause);
    }
    for (const [k, item] of Object.entries(v)) {
      Object.defineProperty(out, k, {
        value: SECRET_KEY.test(k) && item !== undefined && item !== null ? REDACTED : walk(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };

  return walk(value) as T;
}
