import { createHash } from 'node:crypto';
import { OFFLINE_PAYMENT_GROUPS, type InvoiceRequestInput, type OrderDocument } from '../../vtex';
import type { SandboxContext } from '../context';
import {
  addTrackingEvents,
  applyInvoice,
  approvePayment,
  cancelOrder,
  startHandling,
} from './actions';
import { ONLINE_PAYMENT_GROUPS } from './catalog';
import { vtexTime } from './clock';
import { addMessage, type ConversationMessage } from './conversations';
import { nextCounter } from './counters';
import { schema } from './db';

/**
 * The status transitions of VTEX's complete flow (digest §1.2) that the sandbox performs by
 * itself — the gateway's approval, the grace period, system cancellations — plus `advanceTo`, which
 * walks new orders to a target status through the same transitions and the Orders API actions
 * (actions.ts), so a seeded order is exactly what the real flow would have produced.
 */

function ensureManaged(ctx: SandboxContext): void {
  schema(ctx.db, 'CREATE TABLE IF NOT EXISTS workflow_orders (order_id TEXT PRIMARY KEY)');
}

/**
 * Puts an order under the status timers. Only orders the sandbox generates (factory, Checkout)
 * are: documents inserted directly (tests building exact orders) stay exactly as written until an
 * API call moves them, so such tests see only the events they cause.
 */
export function manage(ctx: SandboxContext, orderId: string): void {
  ensureManaged(ctx);
  ctx.db.prepare('INSERT OR IGNORE INTO workflow_orders (order_id) VALUES (?)').run(orderId);
}

export function isManaged(ctx: SandboxContext, orderId: string): boolean {
  ensureManaged(ctx);
  return (
    ctx.db.prepare('SELECT 1 FROM workflow_orders WHERE order_id = ?').get(orderId) !== undefined
  );
}

/** Card, gift-card and Pix payments are approved by the gateway after this much sandbox time. */
export const AUTO_APPROVAL_DELAY_MS = 10_000;

/** Unpaid bank invoices (boleto) are canceled this long after the order was created. */
export const BOLETO_EXPIRY_MS = 4 * 86_400_000;

function payments(doc: OrderDocument) {
  return (doc.paymentData?.transactions ?? []).flatMap((t) => t.payments);
}

/**
 * Whether the gateway approves the order by itself: every payment is online (card, gift card,
 * Pix), or the order comes from an external marketplace that already charged the buyer.
 */
export function isAutoApproved(doc: OrderDocument): boolean {
  if (doc.affiliateId) return true;
  const ps = payments(doc);
  return ps.length > 0 && ps.every((p) => ONLINE_PAYMENT_GROUPS.includes(p.group ?? ''));
}

export function hasPendingBoleto(doc: OrderDocument): boolean {
  return !doc.affiliateId && payments(doc).some((p) => p.group === 'bankInvoice');
}

// ---- conversation e-mails ------------------------------------------------------------------------

function participant(
  orderId: string,
  email: string,
  name: string,
  alias: string,
  role: string | null,
) {
  return {
    conversationRelatedTo: orderId,
    conversationSubject: 'oms',
    emailAlias: alias,
    aliasMaskType: 0,
    email,
    name,
    role,
  };
}

function messageId(at: number, orderId: string, kind: string): string {
  const stamp = new Date(at)
    .toISOString()
    .slice(0, 19)
    .replace(/:/g, '-')
    .replace('T', 't')
    .toLowerCase();
  return `${stamp}_${createHash('sha256').update(`${orderId}:${kind}`).digest('hex').slice(0, 32)}`;
}

const brl = (cents: number) =>
  `R$ ${(cents / 100)
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

function email(
  ctx: SandboxContext,
  doc: OrderDocument,
  kind: string,
  subject: string,
  text: string,
): ConversationMessage {
  const account = ctx.options.accountName;
  const at = ctx.clock.now();
  const c = doc.clientProfileData;
  const name = [c?.firstName, c?.lastName].filter(Boolean).join(' ') || 'Cliente';
  const body =
    `<html><body><h1>${subject}</h1><p>Olá, ${c?.firstName ?? 'cliente'}.</p><p>${text}</p>` +
    `<p>Pedido <strong>#${doc.orderId}</strong> — ${brl(doc.value)}</p>` +
    `<p>Atenciosamente,<br/>Equipe ${account}</p></body></html>`;
  return {
    id: messageId(at, doc.orderId, kind),
    from: participant(
      doc.orderId,
      `noreply@${account}.com.br`,
      'no reply',
      `noreply@vtexcommerce.com.br-${createHash('sha256').update(account).digest('hex').slice(0, 8)}.ct.${account}.com.br`,
      null,
    ),
    to: [participant(doc.orderId, c?.email ?? '', name, doc.followUpEmail ?? '', 'Customer')],
    subject,
    firstWords: `Olá, ${c?.firstName ?? 'cliente'}. ${text}`.slice(0, 60),
    body,
    hasAttachment: false,
    attachmentNames: [],
    date: vtexTime(at),
  };
}

/** "We received your order": sent when the order is created. */
export function confirmationMessage(ctx: SandboxContext, doc: OrderDocument): ConversationMessage {
  return email(
    ctx,
    doc,
    'order-confirmation',
    `Recebemos seu pedido ${doc.orderId}`,
    'Recebemos o seu pedido e estamos aguardando a confirmação do pagamento.',
  );
}

/** "Your payment was approved": sent when the order enters the grace period. */
export function approvalMessage(ctx: SandboxContext, doc: OrderDocument): ConversationMessage {
  return email(
    ctx,
    doc,
    'payment-approved',
    'Seu pagamento foi aprovado',
    'Seu pagamento foi aprovado e já estamos preparando o seu pedido para envio.',
  );
}

// ---- the transitions the sandbox performs itself ----------------------------------------------------

/** order-created → payment-pending (the order is complete and its payment was requested). */
export function toPaymentPending(ctx: SandboxContext, orderId: string): OrderDocument {
  return ctx.orders.setStatus(orderId, 'payment-pending', (doc) => {
    doc.isCompleted = true;
  });
}

/** payment-pending → payment-approved by the gateway (online payments and marketplace orders). */
export function approveByGateway(ctx: SandboxContext, orderId: string): OrderDocument {
  const doc = ctx.orders.mustGet(orderId);
  const first = payments(doc)[0];
  if (!first) return ctx.orders.setStatus(orderId, 'payment-approved');
  return approvePayment(ctx, orderId, first.id, 'gateway');
}

/** payment-approved → window-to-cancel: the customer's grace period starts; the approval e-mail goes out. */
export function toWindowToCancel(ctx: SandboxContext, orderId: string): OrderDocument {
  const now = vtexTime(ctx.clock.now());
  const subject = 'Seu pagamento foi aprovado';
  const doc = ctx.orders.setStatus(orderId, 'window-to-cancel', (d) => {
    d.authorizedDate ??= now;
    d.lastMessage = subject;
  });
  addMessage(ctx, orderId, approvalMessage(ctx, doc));
  return doc;
}

/** window-to-cancel → ready-for-handling: the grace period is over; the store may start handling. */
export function toReadyForHandling(ctx: SandboxContext, orderId: string): OrderDocument {
  return ctx.orders.setStatus(orderId, 'ready-for-handling');
}

/**
 * A cancellation the platform decides (incomplete checkout, unpaid boleto, no new seller within the
 * window): → cancel → canceled with `RequestedBySystem`.
 */
export function systemCancel(
  ctx: SandboxContext,
  orderId: string,
  reason: string,
  opts: { byPayment?: boolean } = {},
): OrderDocument {
  const now = vtexTime(ctx.clock.now());
  ctx.orders.setStatus(orderId, 'cancel', (doc) => {
    doc.cancelReason = reason;
    doc.allowCancellation = false;
    doc.allowEdition = false;
    doc.cancellationData = {
      RequestedByUser: false,
      RequestedBySystem: true,
      RequestedBySellerNotification: false,
      RequestedByPaymentNotification: opts.byPayment === true,
      Reason: reason,
      CancellationDate: now,
    };
  });
  return ctx.orders.setStatus(orderId, 'canceled');
}

// ---- invoices ---------------------------------------------------------------------------------

/** Issuer of the sandbox store's NF-e (a CNPJ with valid check digits). */
const STORE_CNPJ = '11222333000181';

/** The 44-digit NF-e access key (chave de acesso) with its mod-11 check digit. */
export function nfeAccessKey(issuedMs: number, invoiceNumber: number, code: number): string {
  const d = new Date(issuedMs);
  const yymm = `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const body = `35${yymm}${STORE_CNPJ}55001${String(invoiceNumber).padStart(9, '0')}1${String(code % 1e8).padStart(8, '0')}`;
  let weight = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const r = sum % 11;
  return body + String(r < 2 ? 0 : 11 - r);
}

/** A Correios object code (two letters, eight digits, check digit, "BR"). */
export function correiosTrackingNumber(prefix: string, serial: number): string {
  const digits = String(serial % 1e8).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((s, ch, i) => s + Number(ch) * (weights[i] ?? 0), 0);
  const r = sum % 11;
  const dv = r === 0 ? 5 : r === 1 ? 0 : 11 - r;
  return `${prefix}${digits}${dv}BR`;
}

function trackingFor(doc: OrderDocument, serial: number) {
  const li = doc.shippingData?.logisticsInfo?.[0];
  const courier = li?.deliveryIds?.[0]?.courierName ?? null;
  if (li?.selectedDeliveryChannel === 'pickup-in-point' || !courier) {
    return { courier: courier ?? 'Retirada', trackingNumber: '', trackingUrl: '' };
  }
  if (courier.startsWith('Correios')) {
    const tn = correiosTrackingNumber(courier.includes('SEDEX') ? 'SS' : 'QB', serial);
    return {
      courier,
      trackingNumber: tn,
      trackingUrl: `https://rastreamento.correios.com.br/app/index.php?objetos=${tn}`,
    };
  }
  const tn = String(10_000_000_000 + serial);
  return {
    courier,
    trackingNumber: tn,
    trackingUrl: `https://rastreio.${courier.toLowerCase()}.com.br/${tn}`,
  };
}

/**
 * Invoices an order in handling through the Orders API action: the whole order (one invoice for
 * the full value), or `partial` (the first line only, when the order has more than one line).
 * Returns the invoice number, or null when a partial invoice is impossible.
 */
export function invoiceOrder(
  ctx: SandboxContext,
  orderId: string,
  opts: { partial?: boolean } = {},
): string | null {
  const doc = ctx.orders.mustGet(orderId);
  const first = doc.items[0];
  if (opts.partial && (doc.items.length < 2 || !first)) return null;
  const lines = opts.partial && first ? [first] : doc.items;
  const value = opts.partial && first ? first.price * first.quantity : doc.value;
  const number = nextCounter(ctx.db, 'invoice', 10_000);
  const now = ctx.clock.now();
  const key = nfeAccessKey(now, number, Number(doc.sequence ?? number));
  const tracking = trackingFor(doc, number);
  const req: InvoiceRequestInput = {
    type: 'Output',
    issuanceDate: vtexTime(now),
    invoiceNumber: String(number),
    invoiceValue: value,
    invoiceKey: key,
    invoiceUrl: `https://nfe.${ctx.options.accountName}.com.br/danfe/${key}.pdf`,
    courier: tracking.courier,
    trackingNumber: tracking.trackingNumber,
    trackingUrl: tracking.trackingUrl,
    cfop: '5102',
    volumes: 1,
    items: lines.map((it) => ({
      id: it.id,
      price: it.sellingPrice ?? it.price,
      quantity: it.quantity,
    })),
  };
  applyInvoice(ctx, orderId, req);
  return String(number);
}

/** Carrier events on an invoice (posted, in transit, out for delivery, delivered). */
export function trackInvoice(
  ctx: SandboxContext,
  orderId: string,
  invoiceNumber: string,
  delivered: boolean,
): void {
  const doc = ctx.orders.mustGet(orderId);
  const pkg = doc.packageAttachment?.packages.find((p) => p.invoiceNumber === invoiceNumber);
  if (!pkg?.trackingNumber) return;
  const addr = doc.shippingData?.address;
  const now = ctx.clock.now();
  const at = (hoursAgo: number) => vtexTime(now - hoursAgo * 3_600_000);
  const events = [
    {
      city: 'São Paulo',
      state: 'SP',
      description: 'Objeto postado',
      date: at(delivered ? 48 : 20),
    },
    {
      city: 'São Paulo',
      state: 'SP',
      description: 'Objeto em trânsito - por favor aguarde',
      date: at(delivered ? 30 : 6),
    },
  ];
  if (delivered) {
    events.push(
      {
        city: addr?.city ?? '',
        state: addr?.state ?? '',
        description: 'Objeto saiu para entrega ao destinatário',
        date: at(5),
      },
      {
        city: addr?.city ?? '',
        state: addr?.state ?? '',
        description: 'Objeto entregue ao destinatário',
        date: at(1),
      },
    );
  }
  addTrackingEvents(ctx, orderId, invoiceNumber, {
    isDelivered: delivered,
    deliveredDate: delivered
      ? new Date(now - 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
      : null,
    events,
  });
}

// ---- walking an order to a status ----------------------------------------------------------------

export type AdvanceTarget =
  | 'order-created'
  | 'payment-pending'
  | 'payment-approved'
  | 'window-to-cancel'
  | 'ready-for-handling'
  | 'handling'
  | 'invoiced'
  | 'canceled'
  | 'window-to-change-seller';

/** Where a walk to `canceled` stops before the cancellation, and who cancels. */
export type CancelPoint =
  'payment-pending' | 'window-to-cancel' | 'ready-for-handling' | 'handling';

export interface AdvanceOptions {
  /** Called before each step with the status about to be entered (seeding moves its clock here). */
  pace?: (next: string) => void;
  cancelFrom?: CancelPoint;
  /** After the final invoice: add carrier events (and delivery). */
  tracking?: 'none' | 'in-transit' | 'delivered';
  /** Stop in handling with a partial invoice. */
  partialInvoice?: boolean;
}

const PATH = [
  'payment-pending',
  'payment-approved',
  'window-to-cancel',
  'ready-for-handling',
  'handling',
  'invoiced',
] as const;

function approve(ctx: SandboxContext, orderId: string): void {
  const doc = ctx.orders.mustGet(orderId);
  if (isAutoApproved(doc)) {
    approveByGateway(ctx, orderId);
    return;
  }
  // Offline payments are approved by the payment notification, as an integration would send it.
  const offline = payments(doc).find((p) => OFFLINE_PAYMENT_GROUPS.includes(p.group ?? ''));
  if (offline) approvePayment(ctx, orderId, offline.id, 'notification');
  else approveByGateway(ctx, orderId);
}

function step(
  ctx: SandboxContext,
  orderId: string,
  to: (typeof PATH)[number],
  opts: AdvanceOptions,
): void {
  switch (to) {
    case 'payment-pending':
      toPaymentPending(ctx, orderId);
      return;
    case 'payment-approved':
      approve(ctx, orderId);
      return;
    case 'window-to-cancel':
      toWindowToCancel(ctx, orderId);
      return;
    case 'ready-for-handling':
      toReadyForHandling(ctx, orderId);
      return;
    case 'handling':
      startHandling(ctx, orderId);
      return;
    case 'invoiced': {
      const n = invoiceOrder(ctx, orderId);
      if (n && opts.tracking && opts.tracking !== 'none') {
        opts.pace?.('tracking');
        trackInvoice(ctx, orderId, n, opts.tracking === 'delivered');
      }
      return;
    }
  }
}

const CANCEL_REASONS: Record<CancelPoint, { reason: string; byUser: boolean }> = {
  'payment-pending': { reason: 'Cliente desistiu da compra antes do pagamento', byUser: true },
  'window-to-cancel': { reason: 'Cliente solicitou o cancelamento', byUser: true },
  'ready-for-handling': { reason: 'Produto sem estoque', byUser: false },
  handling: { reason: 'Avaria no produto durante a separação', byUser: false },
};

/**
 * Walks freshly created orders (all in `order-created`) to `target` through the real transitions,
 * step by step for the whole group, so every status change is announced like the live flow does.
 */
export function advanceTo(
  ctx: SandboxContext,
  orderIds: readonly string[],
  target: AdvanceTarget,
  opts: AdvanceOptions = {},
): void {
  if (target === 'order-created') return;
  let stopAt: (typeof PATH)[number];
  if (target === 'canceled') stopAt = opts.cancelFrom ?? 'window-to-cancel';
  else if (target === 'window-to-change-seller') stopAt = 'payment-approved';
  else stopAt = target;
  const last = PATH.indexOf(stopAt);
  for (const to of PATH.slice(0, last + 1)) {
    opts.pace?.(to);
    for (const id of orderIds) step(ctx, id, to, opts);
  }
  if (target === 'handling' && opts.partialInvoice) {
    opts.pace?.('partial-invoice');
    for (const id of orderIds) invoiceOrder(ctx, id, { partial: true });
  }
  if (target === 'canceled') {
    opts.pace?.('canceled');
    const why = CANCEL_REASONS[opts.cancelFrom ?? 'window-to-cancel'];
    for (const id of orderIds) cancelOrder(ctx, id, why.reason, why.byUser);
  }
  if (target === 'window-to-change-seller') {
    opts.pace?.('window-to-change-seller');
    for (const id of orderIds) ctx.orders.setStatus(id, 'window-to-change-seller');
  }
}
