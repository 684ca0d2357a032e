import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CatalogItemView,
  CounterCustomer,
  CounterLine,
  CounterQuote,
  CounterSaleView,
  DeskFailure,
} from '../../../../preload/contract';
import { parseMoneyInput } from '../../format/money';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import { setScreenScanHandler } from '../../store/scan-port';
import { Icon } from '../../ui/Icon';
import { ItemImage } from '../../ui/ItemImage';
import { Notice } from '../../ui/Notice';
import { MoneyField } from '../drawer/MoneyField';
import { SaleProgress } from './SaleProgress';

/** How long the lines rest before VTEX prices them again (each quote is a cart at VTEX). */
const QUOTE_DEBOUNCE_MS = 350;

interface Line {
  skuId: string;
  seller: string;
  name: string;
  ean: string | null;
  imageUrl: string | null;
  quantity: number;
}

interface Draft {
  lines: Line[];
  customerKind: 'final' | 'identified';
  documentText: string;
  name: string;
  receivedText: string;
}

const EMPTY_DRAFT: Draft = {
  lines: [],
  customerKind: 'final',
  documentText: '',
  name: '',
  receivedText: '',
};

/** The sale being typed and the sale being followed, kept while the screen is not shown. */
const kept: Draft & { saleId: string | null } = { ...EMPTY_DRAFT, saleId: null };

/**
 * A customer at the counter: scan or search items, set quantities, say who the customer is, take
 * the cash and place the order. VTEX prices the lines (a cart at Checkout) and places, then the
 * desk processes the order, records the cash in the drawer, starts handling, invoices and prints,
 * showing each step. Online only up to the placement, and said so before anything is typed.
 */
export function CounterScreen() {
  const [saleId, setSaleIdState] = useState<string | null>(kept.saleId);
  const setSaleId = (id: string | null) => {
    kept.saleId = id;
    if (id === null) Object.assign(kept, EMPTY_DRAFT);
    setSaleIdState(id);
  };
  const [unfinished, setUnfinished] = useState<CounterSaleView[]>([]);

  useEffect(() => {
    void ask('counter:open').then((r) => {
      if (r.ok) setUnfinished(r.data.sales.filter((s) => s.state !== 'draft' || s.error));
    });
  }, [saleId]);

  if (saleId) return <SaleProgress saleId={saleId} onNewSale={() => setSaleId(null)} />;
  return <NewSale onPlaced={setSaleId} unfinished={unfinished} onResume={setSaleId} />;
}

function NewSale({
  onPlaced,
  unfinished,
  onResume,
}: {
  onPlaced: (saleId: string) => void;
  unfinished: CounterSaleView[];
  onResume: (saleId: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const online = useDesk((s) => s.sync?.online ?? false);
  const drawerOpen = useDesk((s) => s.drawer.data?.open ?? null);
  const go = useDesk((s) => s.go);
  const [lines, setLines] = useState<Line[]>(kept.lines);
  const [quote, setQuote] = useState<CounterQuote | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [quoteError, setQuoteError] = useState<DeskFailure | null>(null);
  const [search, setSearch] = useState('');
  const [hits, setHits] = useState<CatalogItemView[]>([]);
  const [highlight, setHighlight] = useState(0);
  const [scanNote, setScanNote] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [customerKind, setCustomerKind] = useState<'final' | 'identified'>(kept.customerKind);
  const [documentText, setDocumentText] = useState(kept.documentText);
  const [name, setName] = useState(kept.name);
  const [receivedText, setReceivedText] = useState(kept.receivedText);

  // What is typed survives a trip to another screen (opening the drawer, looking at an order).
  useEffect(() => {
    Object.assign(kept, { lines, customerKind, documentText, name, receivedText });
  }, [lines, customerKind, documentText, name, receivedText]);
  const [placing, setPlacing] = useState(false);
  const [placeError, setPlaceError] = useState<DeskFailure | null>(null);
  const [touched, setTouched] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
  const currency = drawerOpen?.drawer.currency ?? null;
  const money = (cents: number) => fmt.money(cents, currency);

  // Never empties the field: a scan is looked up after its Enter, and by then the next code may
  // be half typed into it (the field was emptied when Enter was pressed).
  const addItem = useCallback((item: CatalogItemView) => {
    setLines((ls) => {
      const i = ls.findIndex((l) => l.skuId === item.skuId && l.seller === item.seller);
      if (i >= 0) return ls.map((l, k) => (k === i ? { ...l, quantity: l.quantity + 1 } : l));
      return [...ls, { ...item, quantity: 1 }];
    });
    setHits([]);
    setScanNote({ tone: 'ok', text: item.name });
    scanRef.current?.focus();
  }, []);

  // A scan: the EAN or SKU of an item the cache knows adds one unit; anything else says so.
  const scan = useCallback(
    async (code: string) => {
      const text = code.trim();
      if (!text) return;
      const r = await ask('counter:catalog', { query: text });
      const exact = r.ok ? r.data.items.find((i) => i.ean === text || i.skuId === text) : undefined;
      if (exact) addItem(exact);
      else setScanNote({ tone: 'bad', text: t('counter.scanUnknown', { code: text }) });
    },
    [addItem, t],
  );

  useEffect(() => {
    setScreenScanHandler({ scan: (c) => void scan(c), input: () => scanRef.current });
    scanRef.current?.focus();
    return () => setScreenScanHandler(null);
  }, [scan]);

  // Search as you type (names; an EAN or SKU typed by hand shows its item too).
  useEffect(() => {
    const q = search.trim();
    if (q.length < 2) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void ask('counter:catalog', { query: q }).then((r) => {
        if (live && r.ok) {
          setHits(r.data.items);
          setHighlight(0);
        }
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search]);

  // VTEX prices the lines (and checks the items can be sold) whenever they change.
  useEffect(() => {
    setQuote(null);
    setQuoteError(null);
    if (lines.length === 0 || !online) return;
    let live = true;
    setQuoting(true);
    const timer = setTimeout(() => {
      void ask('counter:quote', {
        lines: lines.map((l) => ({ skuId: l.skuId, seller: l.seller, quantity: l.quantity })),
      }).then((r) => {
        if (!live) return;
        setQuoting(false);
        if (r.ok) setQuote(r.data);
        else setQuoteError(r.error);
      });
    }, QUOTE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lines, online]);

  const setQty = (i: number, q: number) =>
    setLines((ls) =>
      q <= 0
        ? ls.filter((_, k) => k !== i)
        : ls.map((l, k) => (k === i ? { ...l, quantity: q } : l)),
    );

  const priceOf = (l: Line): number | null =>
    quote?.lines.find((x) => x.skuId === l.skuId && x.seller === l.seller)?.price ?? null;

  const received = receivedText.trim() === '' ? null : parseMoneyInput(receivedText, fmt.locale);
  const value = quote?.value ?? null;
  const customer: CounterCustomer | null =
    customerKind === 'final'
      ? { kind: 'final' }
      : documentText.trim().length >= 5 && name.trim().length >= 2
        ? { kind: 'identified', document: documentText.trim(), name: name.trim() }
        : null;

  const blocker: string | null = !online
    ? t('counter.why.offline')
    : !drawerOpen
      ? t('counter.why.drawer')
      : lines.length === 0
        ? t('counter.why.noLines')
        : quoting || !quote
          ? t('counter.why.pricing')
          : !customer
            ? t('counter.why.customer')
            : received === null
              ? t('counter.why.cash')
              : value !== null && received < value
                ? t('counter.why.notEnough', { due: money(value) })
                : null;

  const place = async () => {
    setTouched(true);
    if (blocker || !quote || !customer || received === null || placing) return;
    setPlacing(true);
    setPlaceError(null);
    const lines: CounterLine[] = quote.lines;
    const r = await ask('counter:place', { lines, customer, value: quote.value, received });
    setPlacing(false);
    if (r.ok) onPlaced(r.data.id);
    else setPlaceError(r.error);
  };

  const onScanKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = hits.length;
      if (n) setHighlight((h) => (h + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
      return;
    }
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const hit = hits[highlight];
    const text = search.trim();
    // The field is emptied at once: the next scan may come before this one is looked up.
    setSearch('');
    if (hit && !(/^\d{8,14}$/.test(text) && hit.ean !== text)) addItem(hit);
    else void scan(text);
  };

  return (
    <section
      className="counter"
      aria-labelledby="counter-title"
      data-testid="counter-screen"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void place();
        }
      }}
    >
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="counter-title" className="queue__title">
            {t('counter.title')}
          </h2>
          <span className="counter__hint">{t('counter.keys')}</span>
        </div>
      </header>
      {!online && (
        <Notice tone="warn" title={t('counter.offlineTitle')} testId="counter-offline">
          {t('counter.offline')}
        </Notice>
      )}
      {online && !drawerOpen && (
        <Notice tone="warn" testId="counter-no-drawer">
          <span>{t('counter.noDrawer')}</span>{' '}
          <button type="button" className="button button--small" onClick={() => go('drawer')}>
            <Icon name="cash" />
            <span>{t('counter.openDrawer')}</span>
          </button>
        </Notice>
      )}
      {unfinished.length > 0 && (
        <Notice tone="info" testId="counter-unfinished">
          <span>{t('counter.unfinished', { count: unfinished.length })}</span>{' '}
          {unfinished.slice(0, 3).map((s) => (
            <button
              key={s.id}
              type="button"
              className="button button--small"
              onClick={() => onResume(s.id)}
            >
              {s.sequence ? `#${s.sequence}` : s.id} · {money(s.value)}
            </button>
          ))}
        </Notice>
      )}
      <div className="counter__body">
        <div className="counter__items">
          <div className="counter__scan">
            <label className="field__label" htmlFor="counter-scan">
              {t('counter.scanLabel')}
            </label>
            <div className="counter__scan-row">
              <Icon name="scan" />
              <input
                id="counter-scan"
                ref={scanRef}
                className="input input--large"
                autoComplete="off"
                spellCheck={false}
                placeholder={t('counter.scanPlaceholder')}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onKeyDown={onScanKey}
                data-scan-target
                data-testid="counter-scan"
                role="combobox"
                aria-expanded={hits.length > 0}
                aria-controls="counter-hits"
                aria-autocomplete="list"
              />
            </div>
            {scanNote && (
              <p
                className={`counter__scan-note counter__scan-note--${scanNote.tone}`}
                role="status"
                data-testid="counter-scan-note"
              >
                {scanNote.tone === 'ok'
                  ? t('counter.added', { name: scanNote.text })
                  : scanNote.text}
              </p>
            )}
            {hits.length > 0 && (
              <ul id="counter-hits" className="counter__hits" role="listbox">
                {hits.map((h, i) => (
                  <li
                    key={`${h.skuId}-${h.seller}`}
                    role="option"
                    aria-selected={i === highlight}
                    className={`counter__hit ${i === highlight ? 'counter__hit--current' : ''}`}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      setSearch('');
                      addItem(h);
                    }}
                    data-testid="counter-hit"
                  >
                    <ItemImage src={h.imageUrl} />
                    <span className="counter__hit-name">{h.name}</span>
                    <span className="counter__hit-code num">{h.ean ?? h.skuId}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          {lines.length === 0 ? (
            <p className="counter__empty">{t('counter.empty')}</p>
          ) : (
            <table className="counter__lines" data-testid="counter-lines">
              <thead>
                <tr>
                  <th scope="col">{t('counter.col.item')}</th>
                  <th scope="col" className="num">
                    {t('counter.col.qty')}
                  </th>
                  <th scope="col" className="num">
                    {t('counter.col.price')}
                  </th>
                  <th scope="col" className="num">
                    {t('counter.col.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l, i) => {
                  const price = priceOf(l);
                  return (
                    <tr
                      key={`${l.skuId}-${l.seller}`}
                      data-testid="counter-line"
                      data-sku={l.skuId}
                    >
                      <td>
                        <div className="counter__item">
                          <ItemImage src={l.imageUrl} />
                          <div>
                            <div className="counter__item-name">{l.name}</div>
                            <div className="counter__item-code num">
                              {l.ean ?? `SKU ${l.skuId}`}
                            </div>
                          </div>
                        </div>
                      </td>
                      <td className="num">
                        <div className="counter__qty">
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={t('counter.less', { name: l.name })}
                            onClick={() => setQty(i, l.quantity - 1)}
                          >
                            −
                          </button>
                          <input
                            className="input counter__qty-input num"
                            inputMode="numeric"
                            aria-label={t('counter.qtyOf', { name: l.name })}
                            value={l.quantity}
                            onChange={(e) => {
                              const n = Number(e.target.value.replace(/\D/g, ''));
                              if (Number.isFinite(n)) setQty(i, Math.min(999, n));
                            }}
                            data-testid="counter-qty"
                          />
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={t('counter.more', { name: l.name })}
                            onClick={() => setQty(i, Math.min(999, l.quantity + 1))}
                          >
                            +
                          </button>
                        </div>
                      </td>
                      <td className="num">{price === null ? '…' : money(price)}</td>
                      <td className="num">{price === null ? '…' : money(price * l.quantity)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {quoteError && (
            <Notice tone="bad" live testId="counter-quote-error">
              {failureText(t, fmt.locale, quoteError)}
            </Notice>
          )}
        </div>
        <aside className="counter__side" aria-label={t('counter.checkout')}>
          <fieldset className="counter__customer">
            <legend className="field__label">{t('counter.customer')}</legend>
            <label className="counter__radio">
              <input
                type="radio"
                name="counter-customer"
                checked={customerKind === 'final'}
                onChange={() => setCustomerKind('final')}
                data-testid="counter-final"
              />
              {t('counter.finalConsumer')}
            </label>
            <label className="counter__radio">
              <input
                type="radio"
                name="counter-customer"
                checked={customerKind === 'identified'}
                onChange={() => setCustomerKind('identified')}
                data-testid="counter-identified"
              />
              {t('counter.identified')}
            </label>
            {customerKind === 'identified' && (
              <div className="counter__customer-fields">
                <label className="field__label" htmlFor="counter-doc">
                  {t('counter.document')}
                </label>
                <input
                  id="counter-doc"
                  className="input num"
                  inputMode="numeric"
                  autoComplete="off"
                  value={documentText}
                  onChange={(e) => setDocumentText(e.target.value)}
                  data-testid="counter-document"
                />
                <label className="field__label" htmlFor="counter-name">
                  {t('counter.name')}
                </label>
                <input
                  id="counter-name"
                  className="input"
                  autoComplete="off"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  data-testid="counter-name"
                />
              </div>
            )}
            {quote && (
              <p className="field__hint" data-testid="counter-pickup">
                {t('counter.pickup', { name: quote.pickup.name ?? quote.pickup.slaId })}
              </p>
            )}
          </fieldset>
          <dl className="counter__total">
            <dt>{t('counter.total')}</dt>
            <dd
              className={`num ${value === null ? 'counter__total-pending' : ''}`}
              data-testid="counter-total"
            >
              {value === null ? (quoting ? t('counter.pricing') : '—') : money(value)}
            </dd>
          </dl>
          <MoneyField
            label={t('counter.received')}
            value={receivedText}
            onChange={setReceivedText}
            testId="counter-received"
            error={
              receivedText.trim() !== '' && received === null ? t('counter.receivedInvalid') : null
            }
          />
          {value !== null && received !== null && received >= value && (
            <p className="counter__change" data-testid="counter-change">
              {t('counter.change', { amount: money(received - value) })}
            </p>
          )}
          <button
            type="button"
            className="button button--primary button--large counter__place"
            aria-disabled={blocker !== null || placing}
            disabled={!online}
            onClick={() => void place()}
            data-testid="counter-place"
            aria-keyshortcuts="Control+Enter"
            aria-describedby={blocker ? 'counter-why' : undefined}
          >
            <Icon name="check" />
            <span>{placing ? t('counter.placing') : t('counter.place')}</span>
          </button>
          {blocker && (touched || !online) && (
            <p id="counter-why" className="counter__why" data-testid="counter-why">
              {blocker}
            </p>
          )}
          {placeError && (
            <Notice tone="bad" live testId="counter-place-error">
              {failureText(t, fmt.locale, placeError)}
            </Notice>
          )}
        </aside>
      </div>
    </section>
  );
}
