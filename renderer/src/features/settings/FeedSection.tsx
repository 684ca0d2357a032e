import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText, statusText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { useSave } from './use-save';

type FeedConfig = ResponseOf<'feed:get-config'>;
type ExpressionTest = ResponseOf<'feed:test-expression'>;
type Outcome = ExpressionTest['local'];

function OutcomeLine({ label, outcome }: { label: string; outcome: Outcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  const tone = outcome.error ? 'bad' : outcome.result ? 'ok' : 'info';
  return (
    <Notice tone={tone} title={label}>
      {outcome.error
        ? outcome.error.message
        : outcome.result
          ? t('settings.feed.passes')
          : t('settings.feed.fails')}
      {outcome.value !== null && (
        <div className="mono muted break">
          {t('settings.feed.value')}: {outcome.value}
        </div>
      )}
    </Notice>
  );
}

function FeedForm({ config }: { config: FeedConfig }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const setFilter = useDesk((s) => s.setFeedFilter);
  const testExpression = useDesk((s) => s.testExpression);
  const openOrderId = useDesk((s) => s.order.id);
  const filter = config.filter;
  const [type, setType] = useState(filter.type);
  const [statuses, setStatuses] = useState<string[]>(
    filter.type === 'FromWorkflow' ? filter.statuses : config.defaultStatuses,
  );
  const [expression, setExpression] = useState(
    filter.type === 'FromOrders' ? filter.expression : '',
  );
  const [disableSingleFire, setDisableSingleFire] = useState(
    filter.type === 'FromOrders' ? filter.disableSingleFire : false,
  );
  const [orderId, setOrderId] = useState(openOrderId ?? '');
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<ExpressionTest | null>(null);
  const [testFailure, setTestFailure] = useState<string | null>(null);
  const { busy, failure, saved, run } = useSave();
  // Leaving out ready-for-handling empties the main queue: asked once before saving.
  const [askReady, setAskReady] = useState(false);
  const leavesOutReady =
    type === 'FromWorkflow'
      ? !statuses.includes('ready-for-handling')
      : !expression.includes('ready-for-handling');

  const toggle = (status: string, on: boolean) => {
    setAskReady(false);
    setStatuses(on ? [...statuses, status] : statuses.filter((s) => s !== status));
  };

  const doTest = async () => {
    setTesting(true);
    setTested(null);
    setTestFailure(null);
    const result = await testExpression({
      expression,
      ...(orderId.trim() ? { orderId: orderId.trim() } : {}),
    });
    setTesting(false);
    if (result.ok) setTested(result.data);
    else setTestFailure(failureText(t, fmt.locale, result.error));
  };

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (leavesOutReady && !askReady) {
          setAskReady(true);
          return;
        }
        setAskReady(false);
        void run(() =>
          setFilter({
            filter:
              type === 'FromWorkflow'
                ? { type, statuses }
                : { type: 'FromOrders', expression, disableSingleFire },
          }),
        );
      }}
      noValidate
    >
      <fieldset className="choice choice--inline">
        <legend>{t('settings.feed.type')}</legend>
        <label className="choice__option">
          <input
            type="radio"
            name="feed-type"
            checked={type === 'FromWorkflow'}
            onChange={() => setType('FromWorkflow')}
          />
          <span>{t('settings.feed.fromWorkflow')}</span>
        </label>
        <label className="choice__option">
          <input
            type="radio"
            name="feed-type"
            checked={type === 'FromOrders'}
            onChange={() => setType('FromOrders')}
          />
          <span>{t('settings.feed.fromOrders')}</span>
        </label>
      </fieldset>
      {type === 'FromWorkflow' ? (
        <fieldset className="status-grid">
          <legend>{t('settings.feed.statuses')}</legend>
          {config.statuses.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) => toggle(s, e.target.checked)}
              />
              <span>
                {statusText(t, s)} <span className="mono muted">{s}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <>
          <Field label={t('settings.feed.expression')} hint={t('settings.feed.expressionHint')}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                className="input textarea mono"
                rows={4}
                value={expression}
                spellCheck={false}
                aria-describedby={describedBy}
                data-testid="feed-expression"
                onChange={(e) => setExpression(e.target.value)}
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={disableSingleFire}
              onChange={(e) => setDisableSingleFire(e.target.checked)}
            />
            <span>{t('settings.feed.disableSingleFire')}</span>
          </label>
          <div className="form-grid">
            <Field label={t('settings.feed.testOrder')} hint={t('settings.feed.testOrderHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  className="input mono"
                  value={orderId}
                  aria-describedby={describedBy}
                  onChange={(e) => setOrderId(e.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="form__buttons form__buttons--start">
            <button
              type="button"
              className="button"
              disabled={testing || expression.trim() === ''}
              onClick={() => void doTest()}
              data-testid="test-expression"
            >
              {testing ? t('settings.feed.testing') : t('settings.feed.test')}
            </button>
          </div>
          {testFailure && <Notice tone="bad">{testFailure}</Notice>}
          {tested && (
            <div className="test-results" data-testid="expression-results">
              <p className="muted">
                {tested.orderId
                  ? t('settings.feed.triedOn', { order: tested.orderId })
                  : t('settings.feed.noOrder')}
              </p>
              <OutcomeLine label={t('settings.feed.local')} outcome={tested.local} />
              <OutcomeLine label={t('settings.feed.vtex')} outcome={tested.vtex} />
            </div>
          )}
        </>
      )}
      {failure && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
      {saved && !failure && <Notice tone="ok">{t('settings.feed.saved')}</Notice>}
      {askReady && (
        <Notice tone="warn" live testId="feed-no-ready">
          {t('floor.feedNoReady')}
        </Notice>
      )}
      <div className="form__buttons">
        <button
          type="submit"
          className={`button ${askReady ? 'button--danger' : 'button--primary'}`}
          disabled={busy}
          data-testid="feed-save"
        >
          {busy
            ? t('common.saving')
            : askReady
              ? t('floor.feedSaveAnyway')
              : t('settings.feed.save')}
        </button>
      </div>
    </form>
  );
}

/** Which order changes the feed brings: VTEX statuses, or a JSONata expression on the order. */
export function FeedSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const feed = useDesk((s) => s.feed);
  const loadFeed = useDesk((s) => s.loadFeed);
  useEffect(() => {
    void loadFeed();
  }, [loadFeed]);
  const vtex = feed.data?.vtex;
  return (
    <Card title={t('settings.feed.title')} testId="settings-feed">
      {feed.status === 'error' && (
        <Notice tone="bad">{failureText(t, fmt.locale, feed.error)}</Notice>
      )}
      {feed.data ? (
        <>
          <FeedForm config={feed.data} />
          <h4 className="subhead">{t('settings.feed.atVtex')}</h4>
          {vtex ? (
            <dl className="facts">
              <div className="facts__row">
                <dt>{t('settings.feed.filterAtVtex')}</dt>
                <dd>
                  {vtex.filter ? (
                    vtex.filter.type === 'FromWorkflow' ? (
                      vtex.filter.statuses.join(', ')
                    ) : (
                      <span className="mono">{vtex.filter.expression}</span>
                    )
                  ) : (
                    '—'
                  )}
                </dd>
              </div>
              <div className="facts__row">
                <dt>{t('settings.feed.waiting')}</dt>
                <dd>{vtex.quantity ?? '—'}</dd>
              </div>
              <div className="facts__row">
                <dt>{t('settings.feed.retention')}</dt>
                <dd>
                  {vtex.messageRetentionPeriodInSeconds !== null
                    ? fmt.duration(vtex.messageRetentionPeriodInSeconds * 1000)
                    : '—'}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted">{feed.data.vtexError?.message ?? t('settings.feed.noneAtVtex')}</p>
          )}
        </>
      ) : (
        feed.status !== 'error' && <p className="muted">{t('common.loading')}</p>
      )}
    </Card>
  );
}
