import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

describe('sandbox auth', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.close());

  it('answers 401 with the VTEX error shape without credentials', async () => {
    const res = await fetch(`${sb.url}/api/oms/pvt/orders/123-01`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: '1', message: 'Unauthorized access', exception: null },
    });
  });

  it('answers 401 for a wrong token', async () => {
    const res = await sb.api('/api/oms/pvt/orders/123-01', {
      headers: { 'x-vtex-api-apptoken': 'wrong' },
    });
    expect(res.status).toBe(401);
  });
});
