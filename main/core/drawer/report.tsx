// @jsxRuntime automatic
// @jsxImportSource react
// (The two pragmas above, as in every slip .tsx: tsx and esbuild read no tsconfig for main/.)
import { renderToStaticMarkup } from 'react-dom/server';
import { getOrder, type DeskDb } from '../db';
import { DeskError } from '../errors';
import { currencyOf, slipFormat, type SlipFormat } from '../print/i18n';
import { pageSizeOf, type SlipPageSize } from '../print/render';
import type { SheetSize, SlipLocale, StoreSettings } from '../print/settings';
import type { SlipKind } from '../print/slip-model';
import { SlipDocument } from '../print/templates/SlipDocument';
import { sheetCss, thermalCss } from '../print/templates/styles';
import { REPORT_MESSAGES, type ReportMessages } from './report-i18n';
import {
  drawerTotals,
  getDrawer,
  movementsOf,
  type DrawerRow,
  type DrawerTotals,
  type MovementRow,
} from './store';

/**
 * The shift report of a cash drawer as a static HTML document, in the slips' two forms: the 80 mm
 * receipt for the slip printer and an A4/Letter sheet. It goes through the same print queue, PDF
 * maker and printers as an invoice slip, so it prints wherever slips print.
 */

export interface ReportModel {
  drawer: DrawerRow;
  totals: DrawerTotals;
  movements: MovementRow[];
  /** How each order is named on paper: its sequence (#502311) or its id. */
  orderLabels: Record<string, string>;
}

export interface RenderReportInput extends ReportModel {
  kind: SlipKind;
  locale: SlipLocale;
  store: StoreSettings;
  sheetSize?: SheetSize;
  printedAt: number;
}

export interface RenderedReport {
  html: string;
  title: string;
  pageSize: SlipPageSize;
}

/** The drawer, its totals and lines, read in one go (DRAWER_NOT_FOUND for an unknown id). */
export function reportModelOf(db: DeskDb, drawerId: string): ReportModel {
  const drawer = getDrawer(db, drawerId);
  if (!drawer) throw new DeskError('DRAWER_NOT_FOUND', drawerId);
  const movements = movementsOf(db, drawerId);
  const orderLabels: Record<string, string> = {};
  for (const m of movements) {
    if (!m.orderId || orderLabels[m.orderId]) continue;
    const seq = getOrder(db, m.orderId)?.sequence;
    orderLabels[m.orderId] = seq ? `#${seq}` : m.orderId;
  }
  return { drawer, totals: drawerTotals(db, drawerId), movements, orderLabels };
}

const iso = (ms: number) => new Date(ms).toISOString();

function Row(props: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`row${props.strong ? ' total' : ''}`}>
      <span>{props.label}</span>
      <span className="num">{props.value}</span>
    </div>
  );
}

type ReportFormat = SlipFormat & { time(ms: number): string };

function differenceText(d: number, t: ReportMessages, fmt: ReportFormat): string {
  if (d === 0) return `${fmt.money(0)} (${t.exact})`;
  return `${d > 0 ? '+' : '−'}${fmt.money(Math.abs(d))} (${d > 0 ? t.over : t.short})`;
}

function Summary({ m, t, fmt }: { m: ReportModel; t: ReportMessages; fmt: ReportFormat }) {
  const { drawer: d, totals: s } = m;
  return (
    <div className="summary">
      <div className="block-title">{t.summary}</div>
      <Row label={t.openingFloat} value={fmt.money(s.openingFloat)} />
      {!d.floatCounted ? <div className="note">{t.floatNotCounted}</div> : null}
      <Row label={t.cashSales(s.salesCount)} value={`+${fmt.money(s.sales)}`} />
      <Row label={`  ${t.received}`} value={fmt.money(s.received)} />
      <Row label={`  ${t.changeGiven}`} value={fmt.money(s.change)} />
      <Row label={t.refunds(s.refundsCount)} value={`−${fmt.money(s.refunds)}`} />
      <Row label={t.cashIn} value={`+${fmt.money(s.cashIn)}`} />
      <Row label={t.cashOut} value={`−${fmt.money(s.cashOut)}`} />
      <Row label={t.expected} value={fmt.money(d.expected ?? s.expected)} strong />
      {d.counted !== null ? (
        <>
          <Row label={t.counted} value={fmt.money(d.counted)} />
          <Row label={t.difference} value={differenceText(d.difference ?? 0, t, fmt)} strong />
        </>
      ) : null}
      {d.closeNote ? (
        <div className="wrap">
          <span className="strong">{t.note}:</span> {d.closeNote}
        </div>
      ) : null}
    </div>
  );
}

function Head({
  m,
  t,
  fmt,
  store,
}: {
  m: ReportModel;
  t: ReportMessages;
  fmt: ReportFormat;
  store: StoreSettings;
}) {
  const d = m.drawer;
  return (
    <header>
      {store.name ? <div className="store-name wrap">{store.name}</div> : null}
      {store.address
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l, i) => (
          <div key={i} className="store-line wrap">
            {l}
          </div>
        ))}
      {store.taxId ? (
        <div className="store-line">
          {t.taxId} {store.taxId}
        </div>
      ) : null}
      <div className="rule" />
      <h1 className="title">{t.title}</h1>
      {d.state === 'open' ? <div className="note strong">{t.interim}</div> : null}
      <dl className="facts">
        <dt>{t.drawer}</dt>
        <dd>#{d.number}</dd>
        <dt>{t.station}</dt>
        <dd className="wrap">{d.station}</dd>
        <dt>{t.opened}</dt>
        <dd className="wrap">
          {fmt.dateTime(iso(d.openedAt))} {t.by} {d.openedBy}
        </dd>
        {d.closedAt !== null ? (
          <>
            <dt>{t.closed}</dt>
            <dd className="wrap">
              {fmt.dateTime(iso(d.closedAt))} {t.by} {d.closedBy ?? ''}
            </dd>
          </>
        ) : null}
      </dl>
    </header>
  );
}

function Lines({
  m,
  t,
  fmt,
  thermal,
}: {
  m: ReportModel;
  t: ReportMessages;
  fmt: ReportFormat;
  thermal: boolean;
}) {
  const sales = m.movements.filter((x) => x.kind === 'sale');
  const others = m.movements.filter((x) => x.kind !== 'sale');
  const order = (id: string | null) => (id ? (m.orderLabels[id] ?? id) : '—');
  const time = (ms: number) => fmt.time(ms);
  if (thermal) {
    return (
      <>
        <div className="rule" />
        <div className="block-title">{t.payments}</div>
        {sales.length === 0 ? <div className="muted">{t.noPayments}</div> : null}
        {sales.map((s) => (
          <div key={s.id} className="line">
            <div className="line-meta">
              <span className="strong">{order(s.orderId)}</span>
              <span>{time(s.at)}</span>
              <span className="num strong">{fmt.money(s.due ?? s.amount)}</span>
            </div>
            <div className="line-meta">
              <span>
                {t.receivedShort} {fmt.money(s.received ?? 0)}
              </span>
              <span className="num">
                {t.change} {fmt.money(s.change ?? 0)}
              </span>
            </div>
            <div className="line-meta muted">
              <span className="wrap">{s.operator}</span>
            </div>
          </div>
        ))}
        {others.length > 0 ? (
          <>
            <div className="rule" />
            <div className="block-title">{t.otherMovements}</div>
            {others.map((o) => (
              <div key={o.id} className="line">
                <div className="line-meta">
                  <span className="strong">{t.kinds[o.kind as keyof ReportMessages['kinds']]}</span>
                  <span>{time(o.at)}</span>
                  <span className="num strong">
                    {o.kind === 'cash-in' ? '+' : '−'}
                    {fmt.money(o.amount)}
                  </span>
                </div>
                <div className="line-meta muted">
                  <span className="wrap">
                    {[o.orderId ? order(o.orderId) : null, o.note, o.operator]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </div>
              </div>
            ))}
          </>
        ) : null}
      </>
    );
  }
  return (
    <>
      <table className="items">
        <caption className="block-title">{t.payments}</caption>
        <thead>
          <tr>
            <th>{t.time}</th>
            <th>{t.order}</th>
            <th className="num">{t.due}</th>
            <th className="num">{t.receivedShort}</th>
            <th className="num">{t.change}</th>
            <th>{t.operator}</th>
          </tr>
        </thead>
        <tbody>
          {sales.length === 0 ? (
            <tr>
              <td colSpan={6}>{t.noPayments}</td>
            </tr>
          ) : null}
          {sales.map((s) => (
            <tr key={s.id}>
              <td className="num">{time(s.at)}</td>
              <td className="strong">{order(s.orderId)}</td>
              <td className="num money">{fmt.money(s.due ?? s.amount)}</td>
              <td className="num money">{fmt.money(s.received ?? 0)}</td>
              <td className="num money">{fmt.money(s.change ?? 0)}</td>
              <td className="wrap">{s.operator}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {others.length > 0 ? (
        <table className="items others">
          <caption className="block-title">{t.otherMovements}</caption>
          <thead>
            <tr>
              <th>{t.time}</th>
              <th>{t.kind}</th>
              <th>{t.order}</th>
              <th>{t.note}</th>
              <th className="num">{t.amount}</th>
              <th>{t.operator}</th>
            </tr>
          </thead>
          <tbody>
            {others.map((o) => (
              <tr key={o.id}>
                <td className="num">{time(o.at)}</td>
                <td>{t.kinds[o.kind as keyof ReportMessages['kinds']]}</td>
                <td>{order(o.orderId)}</td>
                <td className="wrap">{o.note ?? ''}</td>
                <td className="num money">
                  {o.kind === 'cash-in' ? '+' : '−'}
                  {fmt.money(o.amount)}
                </td>
                <td className="wrap">{o.operator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

const EXTRA_CSS = `
.summary .row { white-space: pre; }
.signature { margin-top: 12mm; border-top: 1px solid #000; padding-top: 1mm; text-align: center; }
.printed { margin-top: 2mm; text-align: center; font-size: 7.5pt; }
table.items caption { font-weight: 700; text-transform: uppercase; padding: 2mm 0 1mm; }
.sheet .summary { width: 100mm; margin: 5mm 0 5mm auto; }
.sheet header .facts { margin-top: 2mm; }
.sheet .store-name { text-align: left; }
.sheet .title { text-align: left; margin-top: 3mm; }
table.others { margin-top: 5mm; }
`;

/** Millimetres of a receipt line (8.5 pt × 1.3), as the slips count them. */
const LINE_MM = 3.9;

export function renderDrawerReport(input: RenderReportInput): RenderedReport {
  const t = REPORT_MESSAGES[input.locale];
  const timeZone = input.store.timeZone || undefined;
  const clock = new Intl.DateTimeFormat(input.locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  });
  const fmt: ReportFormat = {
    ...slipFormat(input.locale, currencyOf(input.drawer.currency), timeZone),
    time: (ms) => clock.format(ms),
  };
  const sheetSize = input.sheetSize ?? 'A4';
  const thermal = input.kind === 'thermal';
  const title = `${t.title} #${input.drawer.number}`;
  const lines = 34 + input.movements.length * 3;
  const css =
    (thermal
      ? thermalCss(Math.ceil(lines * LINE_MM + 30))
      : sheetCss(sheetSize, { page: t.page, of: t.of })) + EXTRA_CSS;
  const model: ReportModel = input;
  const markup = renderToStaticMarkup(
    <SlipDocument lang={input.locale} title={title} css={css}>
      <main className={`slip ${thermal ? 'thermal' : 'sheet'}`}>
        <Head m={model} t={t} fmt={fmt} store={input.store} />
        <div className="rule" />
        <Summary m={model} t={t} fmt={fmt} />
        <Lines m={model} t={t} fmt={fmt} thermal={thermal} />
        <div className="signature">{t.signature}</div>
        <div className="printed">
          {t.printedAt} {fmt.dateTime(iso(input.printedAt))}
        </div>
      </main>
    </SlipDocument>,
  );
  return {
    html: `<!DOCTYPE html>${markup}`,
    title,
    pageSize: pageSizeOf(input.kind, sheetSize),
  };
}
