import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Queue } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { QUEUES } from '../../model';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';

/**
 * The queues with their live counts (Alt+1 … Alt+7), then the screens that are not queues.
 * Needs attention opens its own screen: the refused actions with VTEX's reasons.
 */
export function QueueNav() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { counts, queue, screen } = useDesk(
    useShallow((s) => ({ counts: s.counts, queue: s.queue, screen: s.screen })),
  );
  const selectQueue = useDesk((s) => s.selectQueue);
  const go = useDesk((s) => s.go);

  const open = (q: Queue) => {
    void selectQueue(q);
    go(q === 'attention' ? 'attention' : 'queues');
  };
  const inQueues = screen === 'queues' || screen === 'order' || screen === 'attention';

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <p className="nav__heading">{t('nav.queues')}</p>
      <ul className="nav__list">
        {QUEUES.map((q, i) => {
          const n = counts?.[q];
          const current = inQueues && queue === q;
          return (
            <li key={q}>
              <button
                type="button"
                className={`nav__item nav__item--${q} ${current ? 'nav__item--current' : ''}`}
                aria-current={current ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                data-testid={`queue-${q}`}
                onClick={() => open(q)}
              >
                <span className="nav__label">{t(`queues.${q}`)}</span>
                <span
                  className={`nav__count ${q === 'attention' && n ? 'nav__count--alert' : ''}`}
                  data-testid={`count-${q}`}
                >
                  {n === undefined ? '…' : fmt.count(n)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="nav__heading">{t('nav.desk')}</p>
      <ul className="nav__list">
        <li>
          <button
            type="button"
            className={`nav__item ${screen === 'counter' ? 'nav__item--current' : ''}`}
            aria-current={screen === 'counter' ? 'page' : undefined}
            aria-keyshortcuts="F4"
            onClick={() => go('counter')}
            data-testid="nav-counter"
          >
            <Icon name="store" />
            <span className="nav__label">{t('counter.nav')}</span>
            <kbd className="nav__kbd" aria-hidden="true">
              F4
            </kbd>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={`nav__item ${screen === 'drawer' ? 'nav__item--current' : ''}`}
            aria-current={screen === 'drawer' ? 'page' : undefined}
            onClick={() => go('drawer')}
            data-testid="nav-drawer"
          >
            <Icon name="cash" />
            <span className="nav__label">{t('drawer.nav')}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={`nav__item ${screen === 'print' ? 'nav__item--current' : ''}`}
            aria-current={screen === 'print' ? 'page' : undefined}
            onClick={() => go('print')}
            data-testid="nav-print"
          >
            <Icon name="printer" />
            <span className="nav__label">{t('nav.print')}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={`nav__item ${screen === 'settings' ? 'nav__item--current' : ''}`}
            aria-current={screen === 'settings' ? 'page' : undefined}
            onClick={() => go('settings')}
            data-testid="nav-settings"
          >
            <Icon name="settings" />
            <span className="nav__label">{t('nav.settings')}</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
