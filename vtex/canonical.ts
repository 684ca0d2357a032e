import type { z } from 'zod';

/**
 * A check compiled from a zod schema that answers: would `schema.parse(value)` succeed AND give
 * back a value equal to `value` (no default to fill in, no transform to apply, no key to strip)?
 * When it does, the parsed JSON itself is the document, and the schema's parse (which copies every
 * object of a 13 KB order, the largest CPU cost of reading one after JSON.parse) can be skipped.
 *
 * It is conservative: a construct it does not know (refinements, string formats, transforms
 * nobody registered) makes it answer false for any value that reaches it, and the caller parses
 * with the schema as before, with its errors. So a false answer costs a parse; a true one must
 * never be wrong, which the tests check against the schema's own output.
 */

export type CanonicalCheck = (value: unknown) => boolean;

/** For a schema whose parse transforms: when is its output equal to its input. */
export type CanonicalRule = (compile: (schema: z.ZodType) => CanonicalCheck) => CanonicalCheck;

const rules = new WeakMap<object, CanonicalRule>();

/** Declares when a transforming schema leaves a value as it is (`Cents`: an integer number). */
export function canonicalWhen<T extends z.ZodType>(schema: T, rule: CanonicalRule): T {
  rules.set(schema, rule);
  return schema;
}

const never: CanonicalCheck = () => false;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function numberFormats(def: Def): string[] | null {
  const out: string[] = [];
  for (const c of def.checks ?? []) {
    const d = (c as { _zod?: { def?: { check?: string; format?: string } } })._zod?.def;
    if (d?.check !== 'number_format' || !d.format) return null;
    out.push(d.format);
  }
  return out;
}

export function compileCanonical(schema: z.ZodType): CanonicalCheck {
  const rule = rules.get(schema);
  if (rule) return rule(compileCanonical);
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return def.checks?.length ? never : (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number': {
      const formats = numberFormats(def);
      if (formats === null) return never;
      if (formats.length === 0) return (v) => typeof v === 'number' && Number.isFinite(v);
      if (formats.every((f) => f === 'safeint')) return (v) => Number.isSafeInteger(v);
      return never;
    }
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = compileCanonical(def.innerType as z.ZodType);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compileCanonical(def.innerType as z.ZodType);
      return (v) => v === null || inner(v);
    }
    case 'default': {
      // An absent value would be replaced by the default: not the same value any more.
      const inner = compileCanonical(def.innerType as z.ZodType);
      return (v) => v !== undefined && inner(v);
    }
    case 'array': {
      if (def.checks?.length) return never;
      const element = compileCanonical(def.element as z.ZodType);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (const x of v) if (!element(x)) return false;
        return true;
      };
    }
    case 'object': {
      const keys = Object.keys(def.shape ?? {});
      const checks = keys.map((k) => compileCanonical((def.shape ?? {})[k] as z.ZodType));
      const catchall = def.catchall ? defOf(def.catchall).type : null;
      // Unknown keys: kept as they are by a loose object, stripped (a change) by a plain one.
      if (catchall !== null && catchall !== 'unknown' && catchall !== 'any') return never;
      const known = new Set(keys);
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (let i = 0; i < keys.length; i++) {
          const check = checks[i] as CanonicalCheck;
          if (!check(v[keys[i] as string])) return false;
        }
        if (catchall === null) for (const k in v) if (!known.has(k)) return false;
        return true;
      };
    }
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return (v) => values.has(v);
    }
    case 'literal': {
      const values = new Set(def.values ?? []);
      return (v) => values.has(v);
    }
    default:
      // Unions (the first option that parses wins, transformed or not), pipes and transforms
      // without a rule, lazy, …: the schema's parse decides.
      return never;
  }
}
