import type { CounterSaleView, OperatorView, SaleStepView } from '../../preload/contract';
import { getOrder, type DeskDb } from '../core/db';
import {
  abandonSale,
  createSale,
  DEFAULT_COUNTER_SETTINGS,
  getSale,
  openSales,
  placeAgain,
  quoteSale,
  refreshCatalog,
  runSale,
  searchCatalog,
  type SaleDeps,
  type SaleRow,
} from '../core/counter';
import { DeskError } from '../core/errors';
import { CANCEL_WINDOW_STATUSES, getAction, type ActionRow } from '../core/outbox';
import { PROCESS_WINDOW_MS } from '../../vtex';
import type { DeskServices } from './desk-services';
import { IpcRefusal } from './errors';
import type { Handlers } from './handlers';

type CounterChannel =
  | 'counter:catalog'
  | 'counter:quote'
  | 'counter:place'
  | 'counter:get'
  | 'counter:resume'
  | 'counter:place-again'
  | 'counter:abandon'
  | 'counter:open';

const ORDER: SaleRow['state'][] = [
  'draft',
  'placing',
  'placed',
  'processed',
  'paid',
  'invoiced',
  'done',
];

/** States a run passes through; found there with no error and no run, the run was cut off. */
const INTERRUPTED: SaleRow['state'][] = [
  'draft',
  'placing',
  'placed',
  'processed',
  'paid',
  'invoiced',
];

/** Cut-off states in which VTEX holds the sale's order: carried on without waiting for a person. */
const AT_VTEX: SaleRow['state'][] = ['placed', 'processed', 'paid', 'invoiced'];

function actionStep(a: ActionRow | undefined, waiting: boolean): SaleStepView['state'] {
  if (!a) return 'todo';
  if (a.state === 'done') return 'done';
  if (a.state === 'attention') return 'failed';
  if (a.state === 'discarded') return 'failed';
  return waiting ? 'waiting' : 'working';
}

/** The sale as the screen shows it: each step's state, the lost order, the window's end. */
export function saleView(db: DeskDb, s: SaleRow, cancelWindowMinutes: number): CounterSaleView {
  const at = ORDER.indexOf(s.state);
  const reached = (state: SaleRow['state']) => at >= 0 && at >= ORDER.indexOf(state);
  const failedAt = (step: NonNullable<SaleRow['error']>['step']) => s.error?.step === step;
  const order = s.orderId ? getOrder(db, s.orderId) : undefined;
  const handling = s.handlingActionId ? getAction(db, s.handlingActionId) : undefined;
  const invoice = s.invoiceActionId ? getAction(db, s.invoiceActionId) : undefined;
  const payment = s.paymentActionId ? getAction(db, s.paymentActionId) : undefined;
  const inWindow =
    !!handling &&
    handling.state === 'queued' &&
    !!order &&
    CANCEL_WINDOW_STATUSES.includes(order.status);
  const lost = s.state === 'lost';
  const flow = (
    step: SaleStepView['step'],
    doneFrom: SaleRow['state'],
    workingIn: SaleRow['state'],
    errStep: NonNullable<SaleRow['error']>['step'],
  ): SaleStepView['state'] => {
    if (reached(doneFrom)) return 'done';
    if (s.state === workingIn) return failedAt(errStep) ? 'failed' : 'working';
    if (lost && step === 'placed') return 'failed';
    return 'todo';
  };
  const steps: SaleStepView[] = [
    { step: 'placed', state: flow('placed', 'placed', 'placing', 'place'), actionId: null },
    {
      step: 'processed',
      state: flow('processed', 'processed', 'placed', 'process'),
      actionId: null,
    },
    {
      step: 'paid',
      state: reached('paid') ? 'done' : flow('paid', 'paid', 'processed', 'pay'),
      actionId: payment?.id ?? null,
    },
    {
      step: 'handling',
      state: reached('invoiced')
        ? actionStep(handling, inWindow)
        : s.state === 'paid' && failedAt('handle')
          ? 'failed'
          : 'todo',
      actionId: handling?.id ?? null,
    },
    {
      step: 'invoiced',
      state: reached('invoiced') ? actionStep(invoice, inWindow) : 'todo',
      actionId: invoice?.id ?? null,
    },
    {
      step: 'printed',
      state:
        s.state === 'done'
          ? 'done'
          : s.state === 'invoiced'
            ? failedAt('print')
              ? 'failed'
              : 'working'
            : 'todo',
      actionId: null,
    },
  ];
  // A draft that stopped on a check before VTEX (drawer closed, price changed) shows it on "placed".
  if (s.state === 'draft' && s.error && s.error.step !== 'pay') {
    steps[0] = { step: 'placed', state: 'failed', actionId: null };
  }
  const approved = order ? Date.parse(getAuthorized(db, s.orderId) ?? '') : NaN;
  const windowStart = Number.isFinite(approved) ? approved : (payment?.doneAt ?? null);
  return {
    id: s.id,
    state: s.state,
    lines: s.lines,
    customer: s.customer,
    value: s.value,
    received: s.received,
    change: s.received - s.value,
    orderId: s.orderId,
    sequence: order?.sequence ?? null,
    invoiceNumber: s.invoiceNumber,
    printJobId: s.printJobId,
    steps,
    error: s.error,
    lost:
      lost && s.orderId
        ? {
            orderId: s.orderId,
            cancelsAt: s.placedAt !== null ? s.placedAt + PROCESS_WINDOW_MS : null,
            canceled: s.error?.code === 'COUNTER_LOST_ORDER_CANCELED',
          }
        : null,
    windowEndsAt:
      inWindow && windowStart !== null ? windowStart + cancelWindowMinutes * 60_000 : null,
    lostOrderIds: s.lostOrderIds,
    createdAt: s.createdAt,
  };
}

function getAuthorized(db: DeskDb, orderId: string | null): string | null {
  if (!orderId) return null;
  const row = db
    .prepare(
      "SELECT json_extract(doc, '$.authorizedDate') AS a FROM order_docs d JOIN orders o ON o.id = d.id WHERE o.order_id = ?",
    )
    .get(orderId) as { a: string | null } | undefined;
  return row?.a ?? null;
}

/**
 * The counter sale's channels. Placing runs in the background (the screen follows the steps with
 * `counter:get`); one run per sale at a time.
 */
export function counterHandlers(desk: () => DeskServices): Pick<Handlers, CounterChannel> {
  const running = new Map<string, Promise<unknown>>();
  const operator = (): OperatorView => {
    const op = desk().shift.current();
    if (!op) throw new IpcRefusal('NO_OPERATOR');
    return op;
  };
  const settings = () => desk().settings.counter?.() ?? DEFAULT_COUNTER_SETTINGS;
  const deps = (op: Pick<OperatorView, 'name'>): SaleDeps => {
    const s = desk();
    const session = s.session();
    return {
      db: session.db,
      client: session.client,
      clock: s.clock,
      actor: { station: s.settings.stationName(), operator: op.name, clock: s.clock },
      settings: settings(),
      print: session.print,
      onChange: (ids) => s.localChange(ids),
    };
  };
  const view = (sale: SaleRow) =>
    saleView(desk().session().db, sale, settings().cancelWindowMinutes);
  const mustGet = (id: string): SaleRow => {
    const sale = getSale(desk().session().db, id);
    if (!sale) throw new DeskError('COUNTER_SALE_NOT_FOUND', id);
    return sale;
  };
  const start = (d: SaleDeps, id: string, run: () => Promise<unknown>): void => {
    if (running.has(id)) return;
    const p = run()
      .catch(() => undefined)
      .finally(() => {
        running.delete(id);
        // The session may have closed under the run (switching account, quitting): nothing to tell.
        if (!d.db.open) return;
        const orderId = getSale(d.db, id)?.orderId;
        desk().localChange(orderId ? [orderId] : []);
      });
    running.set(id, p);
  };

  /**
   * A sale whose order VTEX already placed, cut off with no error (the desk closed or killed
   * mid-step), carries on in the name of whoever placed it: VTEX cancels an order that is not
   * processed within 5 minutes, so this must not wait for someone to open the sale again.
   */
  const carryOnPlaced = (sale: SaleRow): void => {
    if (running.has(sale.id) || sale.error || !AT_VTEX.includes(sale.state)) return;
    const d = deps({ name: sale.operator });
    start(d, sale.id, () => runSale(d, sale.id));
  };

  return {
    'counter:catalog': ({ query }) => {
      const s = desk();
      const db = s.session().db;
      refreshCatalog(db, s.clock.now());
      return { items: searchCatalog(db, query) };
    },
    'counter:quote': async ({ lines }) => quoteSale(desk().session().client, settings(), lines),
    'counter:place': async (req) => {
      const op = operator();
      const d = deps(op);
      const sale = createSale(d, {
        lines: req.lines,
        customer: req.customer,
        value: req.value,
        received: req.received,
      });
      start(d, sale.id, () => runSale(d, sale.id));
      return view(sale);
    },
    'counter:get': async ({ saleId }) => {
      const sale = mustGet(saleId);
      if (!running.has(saleId) && INTERRUPTED.includes(sale.state) && !sale.error) {
        // A run that stopped without a word (the desk was closed or killed mid-step) carries on.
        const d = deps({ name: sale.operator });
        start(d, saleId, () => runSale(d, saleId));
      }
      if (sale.state === 'lost' && !running.has(saleId)) {
        // The lost order is read back at VTEX: "place again" shows only once it is canceled.
        return view(await runSale(deps({ name: sale.operator }), saleId));
      }
      return view(sale);
    },
    'counter:resume': ({ saleId }) => {
      const d = deps(operator());
      mustGet(saleId);
      start(d, saleId, () => runSale(d, saleId));
      return view(mustGet(saleId));
    },
    'counter:place-again': async ({ saleId }) => {
      const d = deps(operator());
      if (running.has(saleId)) return view(mustGet(saleId));
      const p = placeAgain(d, saleId);
      running.set(saleId, p);
      try {
        await p;
      } finally {
        running.delete(saleId);
      }
      return view(mustGet(saleId));
    },
    'counter:abandon': ({ saleId }) => {
      operator();
      const s = desk();
      return view(abandonSale(s.session().db, saleId, s.clock.now()));
    },
    'counter:open': () => {
      const sales = openSales(desk().session().db);
      sales.forEach(carryOnPlaced);
      return { sales: sales.map(view) };
    },
  };
}
