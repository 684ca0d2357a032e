import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getOrder } from '../../main/core/db';
import type { CoreEvent } from '../../main/core/events';
import { getAction, queueAction } from '../../main/core/outbox';
import { addOrder, createDeskHarness, FLOW } from '../helpers/desk-harness';
import { effectsOf } from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The outbox inside the running desk core (what the app and `desk:sync` run): an action queued
 * while the network is down is sent once the feed finds VTEX again, and the sync status reaches
 * the core's event stream.
 */

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

type OutboxStatusEvent = Extract<CoreEvent, { type: 'outbox-status' }>;

describe('outbox in the desk core', () => {
  it('queues offline, reconnects, sends once; status events tell the story', async () => {
    const order = addOrder(sb, FLOW.ready);
    const h = createDeskHarness(sb, {
      realMsPerWait: 5,
      core: {
        outbox: { settleMs: 500 },
      },
    });
    try {
      expect(h.core.outbox).not.toBeNull();
      h.core.start();
      await vi.waitFor(() => expect(getOrder(h.db, order.orderId)).toBeDefined(), {
        timeout: 5000,
        interval: 10,
      });

      sb.app.sandbox.faults.startOutage({ seconds: 1 });
      const r = queueAction(
        h.db,
        { station: 'Packing 1', operator: 'Ana', clock: h.vt.clock },
        { verb: 'start-handling', orderId: order.orderId },
      );
      if (!r.ok) throw new Error(r.refusal.message);
      h.core.outbox?.kick();
      await vi.waitFor(() => expect(h.core.outbox?.status().online).toBe(false), {
        timeout: 5000,
        interval: 10,
      });
      expect(getAction(h.db, r.actionId)?.state).not.toBe('done');

      await vi.waitFor(() => expect(getAction(h.db, r.actionId)?.state).toBe('done'), {
        timeout: 10_000,
        interval: 20,
      });
      await vi.waitFor(() => expect(getAction(h.db, `${r.actionId}.1`)?.state).toBe('done'), {
        timeout: 5000,
        interval: 20,
      });
      const paths = (await effectsOf(sb, order.orderId)).map((e) => e.path.split('/').at(-1));
      expect(paths).toEqual(['start-handling', 'notes']);

      const statuses = h.events
        .filter((e): e is OutboxStatusEvent => e.type === 'outbox-status')
        .map((e) => e.status);
      expect(statuses.some((s) => s.pending === 2)).toBe(true);
      expect(statuses.some((s) => !s.online)).toBe(true);
      expect(statuses.at(-1)).toMatchObject({ online: true, pending: 0, attention: 0 });
      expect(statuses.at(-1)?.lastSuccessAt).not.toBeNull();
      expect(h.core.snapshot().outbox).toMatchObject({ pending: 0 });
    } finally {
      await sb.app.sandbox.faults.endOutage();
      await h.close();
    }
  });
});
