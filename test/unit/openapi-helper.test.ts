import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkOpenApiDir,
  describeOpenApi,
  expectMatchesOpenApi,
  openApiValidator,
  OPENAPI_DIR,
  OPENAPI_FILES,
  OpenApiValidator,
  toJsonSchema,
  type OpenApiDocument,
} from '../helpers/openapi';

const doc: OpenApiDocument = {
  paths: {
    '/api/things/{id}': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  required: ['id', 'value'],
                  properties: {
                    id: { type: 'string' },
                    value: { type: 'integer', format: 'int32' },
                    note: { type: 'string', nullable: true },
                    kind: { type: 'string', nullable: true, enum: ['a', 'b'] },
                    price: { type: 'string', format: 'vtex-money' },
                    owner: { $ref: '#/components/schemas/Owner' },
                  },
                },
              },
            },
          },
          '204': { description: 'No Content' },
          '4XX': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/things/special': {
      get: {
        responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Owner: {
        type: 'object',
        nullable: true,
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          nullable: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
        },
      },
    },
  },
};

describe('checkOpenApiDir', () => {
  it('finds the reference folder beside the repository, and names what is missing elsewhere', () => {
    expect(OPENAPI_DIR).toBe(
      resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'shared', 'reference'),
    );
    const dir = mkdtempSync(join(tmpdir(), 'no-openapi-'));
    try {
      writeFileSync(join(dir, OPENAPI_FILES[0]), '{}');
      expect(checkOpenApiDir(dir)).toEqual({
        available: false,
        reason: `OpenAPI response validation skipped: ${dir} does not hold ${OPENAPI_FILES[1]}`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toJsonSchema', () => {
  it('turns nullable into a null type and a null enum member', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['x'] }, 'b')).toEqual({
      type: ['string', 'null'],
      enum: ['x', null],
    });
  });

  it('wraps a nullable reference in anyOf and points component refs at the registered base', () => {
    expect(toJsonSchema({ $ref: '#/components/schemas/Owner', nullable: true }, 'oas3')).toEqual({
      anyOf: [{ type: 'null' }, { $ref: 'oas3#/definitions/Owner' }],
    });
  });

  it('leaves property names and examples alone', () => {
    const out = toJsonSchema(
      {
        type: 'object',
        properties: { nullable: { type: 'boolean' }, type: { type: 'string', nullable: true } },
        example: { nullable: true, type: 'x' },
      },
      'b',
    );
    expect(out).toEqual({
      type: 'object',
      properties: { nullable: { type: 'boolean' }, type: { type: ['string', 'null'] } },
      example: { nullable: true, type: 'x' },
    });
  });
});

describe('OpenApiValidator', () => {
  afterEach(() => vi.restoreAllMocks());
  const v = new OpenApiValidator([doc]);
  const good = {
    id: 'a',
    value: 3,
    note: null,
    kind: null,
    price: '12.5',
    owner: { name: 'n', type: 't', nullable: true },
  };

  it('accepts a matching body, with nulls where the schema is nullable and unknown formats tolerated', () => {
    expect(v.validate('GET', '/api/things/{id}', 200, good)).toEqual([]);
    expect(v.validate('get', '/api/things/{id}', 200, { ...good, owner: null })).toEqual([]);
  });

  it('lists every problem with its location', () => {
    const errors = v.validate('GET', '/api/things/{id}', 200, {
      value: 'three',
      kind: 'c',
      owner: { name: 1, extra: true },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "(body) must have required property 'id'",
        '/value must be integer',
        expect.stringMatching(
          /^\/kind must be equal to one of the allowed values: \["a","b",null\]$/,
        ),
        '/owner/name must be string',
        '/owner must NOT have additional properties "extra"',
      ]),
    );
  });

  it('rejects a number that breaks a known format', () => {
    expect(v.validate('GET', '/api/things/{id}', 200, { ...good, value: 2 ** 40 })).toEqual([
      '/value must match format "int32"',
    ]);
  });

  it('matches concrete paths, preferring literal segments, and ignores the query string', () => {
    expect(v.resolve('GET', '/api/things/special?x=1')?.template).toBe('/api/things/special');
    expect(v.resolve('GET', '/api/things/42')?.template).toBe('/api/things/{id}');
    expect(v.validate('GET', '/api/things/42', 200, good)).toEqual([]);
    expect(v.validate('GET', '/api/things/special', 200, good)).toEqual(['(body) must be array']);
  });

  it('uses status ranges, passes documented statuses without a schema, and reports undocumented ones', () => {
    expect(v.validate('GET', '/api/things/1', 404, { error: { code: '404' } })).toEqual([]);
    expect(v.validate('GET', '/api/things/1', 404, { error: {} })).toEqual([
      "/error must have required property 'code'",
    ]);
    expect(v.validate('GET', '/api/things/1', 204, undefined)).toEqual([]);
    expect(v.validate('GET', '/api/things/1', 500, {})).toEqual([
      'status 500 is not documented for GET /api/things/{id} (documented: 200, 204, 4XX)',
    ]);
    expect(v.validate('POST', '/api/things/1', 200, {})).toEqual([
      'POST /api/things/1 is not an operation of the OpenAPI documents',
    ]);
  });

  it('compiles each response schema once', () => {
    const fresh = new OpenApiValidator([doc]);
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    fresh.validate('GET', '/api/things/1', 200, good);
    fresh.validate('GET', '/api/things/2', 200, { ...good, id: 'b' });
    fresh.validate('GET', '/api/things/{id}', 200, {});
    expect(compile).toHaveBeenCalledTimes(1);
  });
});

describeOpenApi('the VTEX reference files', () => {
  it('accept their own documented examples', () => {
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/start-handling', 409, {
      error: {
        code: 'OMS003',
        message: 'Order status should be ready-for-handling to perform this action',
        exception: null,
      },
    });
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/1172452900788-01/invoice', 200, {
      date: '2024-02-07T15:22:56.7612218-02:00',
      orderId: '123543123',
      receipt: '38e0e47da2934847b489216d208cfd91',
    });
  });

  it('fail with a readable message when a body does not match', () => {
    expect(() =>
      expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/invoice', 200, {
        date: 5,
        receipt: null,
      }),
    ).toThrow(
      'POST /api/oms/pvt/orders/{orderId}/invoice → 200 does not match the OpenAPI response schema:\n  - /date must be string\n  - /receipt must be string',
    );
  });

  it('compile every documented response schema', () => {
    const v = openApiValidator();
    let compiled = 0;
    for (const file of OPENAPI_FILES) {
      const d = JSON.parse(readFileSync(join(OPENAPI_DIR, file), 'utf8')) as OpenApiDocument;
      for (const [template, ops] of Object.entries(d.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          const responses = (op as { responses?: Record<string, unknown> }).responses ?? {};
          for (const status of Object.keys(responses).filter((s) => /^\d{3}$/.test(s))) {
            expect(() => v.validate(method, template, Number(status), {})).not.toThrow();
            compiled++;
          }
        }
      }
    }
    expect(compiled).toBeGreaterThan(60);
  });

  it('know both documents, checkout included', () => {
    expect(openApiValidator().resolve('PUT', '/api/checkout/pub/orders?sc=1')?.template).toBe(
      '/api/checkout/pub/orders',
    );
    expect(openApiValidator().resolve('GET', '/api/oms/pvt/orders/order-group/123')?.template).toBe(
      '/api/oms/pvt/orders/order-group/{orderGroup}',
    );
  });
});
