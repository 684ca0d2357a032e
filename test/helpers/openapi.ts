import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect } from 'vitest';

/**
 * Checks sandbox responses against VTEX's own OpenAPI files, so the sandbox answers with the
 * shapes the real API documents. The files live in `../shared/reference` beside the repository
 * (CI clones the repository elsewhere with `shared/` next to it), so the path is computed from
 * the repository root, never from /work.
 *
 *   import { expectMatchesOpenApi } from '../helpers/openapi';
 *   expectMatchesOpenApi('GET', '/api/oms/pvt/orders/{orderId}', res.status, await res.json());
 *
 * `path` may be the template as written in the OpenAPI file or a concrete path
 * (`/api/oms/pvt/orders/123-01?x=1`), which is matched against the templates.
 */

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const OPENAPI_DIR = resolve(REPO_ROOT, '..', 'shared', 'reference');
export const OPENAPI_FILES = [
  'vtex-orders-api.openapi.json',
  'vtex-checkout-order-placement.openapi.json',
] as const;

/** Whether `dir` holds the reference files, and the one line printed when it does not. */
export function checkOpenApiDir(dir: string): { available: boolean; reason: string } {
  const missing = OPENAPI_FILES.filter((f) => !existsSync(join(dir, f)));
  return {
    available: missing.length === 0,
    reason: `OpenAPI response validation skipped: ${dir} does not hold ${missing.join(' and ')}`,
  };
}

const status = checkOpenApiDir(OPENAPI_DIR);
/** False when the reference folder is missing: validation is then skipped (and said so once). */
export const OPENAPI_AVAILABLE = status.available;
export const OPENAPI_SKIP_REASON = status.reason;

let skipNoted = false;
function noteSkip(): void {
  if (skipNoted) return;
  skipNoted = true;
  console.warn(OPENAPI_SKIP_REASON);
}

/** `describe` that skips its block (printing one line why) when the OpenAPI files are missing. */
export function describeOpenApi(name: string, fn: () => void): void {
  if (!OPENAPI_AVAILABLE) noteSkip();
  describe.skipIf(!OPENAPI_AVAILABLE)(name, fn);
}

// ---- the validator (independent of the files, so it is unit-testable) ----------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keywords whose value is a schema (or, for some, a list of schemas). */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'additionalItems',
  'contains',
  'propertyNames',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes a `null` type (and a `null` enum
 * member), and `#/components/schemas/X` refs point into the shared schema registered as `refBase`.
 * Only schema positions are rewritten; examples and defaults are data and are copied untouched.
 */
export function toJsonSchema(schema: unknown, refBase: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, refBase));
  if (!isObject(schema)) return schema as Json;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith('#/components/schemas/')
        ? `${refBase}#/definitions/${value.slice('#/components/schemas/'.length)}`
        : value;
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, refBase)]),
      );
    } else if (SCHEMA_VALUES.has(key) || SCHEMA_LISTS.has(key)) {
      out[key] = toJsonSchema(value, refBase);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.type === undefined && (out.$ref !== undefined || out.allOf || out.oneOf || out.anyOf)) {
    // A nullable reference or combination: null, or whatever the rest of the schema says.
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function templateRegex(template: string): RegExp {
  const body = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(body)' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  const extra =
    'additionalProperty' in params
      ? ` "${String(params.additionalProperty)}"`
      : 'allowedValues' in params
        ? `: ${JSON.stringify(params.allowedValues)}`
        : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

/** Response-schema validation against one or more OpenAPI 3.0 documents; validators are cached. */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction | null>();
  private readonly templates: { doc: number; template: string; rx: RegExp; literals: number }[] =
    [];

  constructor(private readonly docs: OpenApiDocument[]) {
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
    addFormats(this.ajv);
    // VTEX documents formats ajv-formats does not know (or may add some): tolerate them.
    const known = new Set(Object.keys(this.ajv.formats));
    docs.forEach((doc, i) => {
      for (const f of collectFormats(doc)) {
        if (!known.has(f)) {
          this.ajv.addFormat(f, true);
          known.add(f);
        }
      }
      const definitions = Object.fromEntries(
        Object.entries(doc.components?.schemas ?? {}).map(([k, v]) => [
          k,
          toJsonSchema(v, `oas${i}`),
        ]),
      );
      this.ajv.addSchema({ $id: `oas${i}`, definitions }, `oas${i}`);
      for (const template of Object.keys(doc.paths)) {
        this.templates.push({
          doc: i,
          template,
          rx: templateRegex(template),
          literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        });
      }
    });
    // A literal segment beats a parameter: /orders/order-group/{g} before /orders/{orderId}/...
    this.templates.sort((a, b) => b.literals - a.literals);
  }

  /** Finds the documented operation for a template or a concrete path. */
  resolve(
    method: string,
    path: string,
  ): { doc: number; template: string; operation: Operation } | null {
    const m = method.toLowerCase();
    const clean = path.split('?')[0] ?? path;
    const exact = this.templates.filter((t) => t.template === clean);
    const candidates = exact.length ? exact : this.templates.filter((t) => t.rx.test(clean));
    for (const t of candidates) {
      const op = this.docs[t.doc]?.paths[t.template]?.[m];
      if (isObject(op)) return { doc: t.doc, template: t.template, operation: op as Operation };
    }
    return null;
  }

  /** The problems of one response, empty when it matches (or when the status has no schema). */
  validate(method: string, path: string, status: number, body: unknown): string[] {
    const found = this.resolve(method, path);
    if (!found)
      return [`${method.toUpperCase()} ${path} is not an operation of the OpenAPI documents`];
    const responses = found.operation.responses ?? {};
    const s = String(status);
    const key = [s, `${s[0] ?? ''}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (key === undefined) {
      return [
        `status ${status} is not documented for ${method.toUpperCase()} ${found.template} (documented: ${Object.keys(responses).join(', ') || 'none'})`,
      ];
    }
    const cacheKey = `${found.doc} ${method.toLowerCase()} ${found.template} ${key}`;
    let validate = this.cache.get(cacheKey);
    if (validate === undefined) {
      const content = responses[key]?.content ?? {};
      const media = content['application/json'] ?? Object.values(content)[0];
      validate =
        media?.schema === undefined
          ? null
          : this.ajv.compile(toJsonSchema(media.schema, `oas${found.doc}`) as object);
      this.cache.set(cacheKey, validate);
    }
    if (validate === null || validate(body)) return [];
    return (validate.errors ?? []).slice(0, 25).map(describeError);
  }
}

function collectFormats(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) collectFormats(n, out);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'format' && typeof v === 'string') out.add(v);
      else if (k !== 'example' && k !== 'examples') collectFormats(v, out);
    }
  }
  return out;
}

let shared: OpenApiValidator | null = null;

/** The validator over the VTEX reference files (loaded once per test file). */
export function openApiValidator(): OpenApiValidator {
  if (!shared) {
    shared = new OpenApiValidator(
      OPENAPI_FILES.map(
        (f) => JSON.parse(readFileSync(join(OPENAPI_DIR, f), 'utf8')) as OpenApiDocument,
      ),
    );
  }
  return shared;
}

/**
 * Fails the test with a readable list of schema violations when `body` does not match the
 * documented response of `method path` with `status`. Without the reference files it only prints
 * the one-line skip notice (use `describeOpenApi` to skip whole blocks instead).
 */
export function expectMatchesOpenApi(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  if (!OPENAPI_AVAILABLE) {
    noteSkip();
    return;
  }
  const errors = openApiValidator().validate(method, path, status, body);
  if (errors.length) {
    expect.fail(
      `${method.toUpperCase()} ${path} → ${status} does not match the OpenAPI response schema:\n  - ${errors.join('\n  - ')}`,
    );
  }
}
