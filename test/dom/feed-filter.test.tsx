import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FeedSection } from '../../renderer/src/features/settings/FeedSection';
import { SyncBar } from '../../renderer/src/features/sync/SyncBar';
import { useDesk } from '../../renderer/src/store';
import { syncStatus } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const config = {
  filter: { type: 'FromWorkflow' as const, statuses: ['ready-for-handling', 'canceled'] },
  vtex: null,
  vtexError: null,
  statuses: ['ready-for-handling', 'handling', 'canceled'],
  defaultStatuses: ['ready-for-handling'],
};

describe('feed filter', () => {
  it('leaving out ready-for-handling warns that the main queue stops filling, and asks again', async () => {
    const { desk } = setup({
      'feed:get-config': () => config,
      'feed:set-filter': () => config,
    });
    renderUi(<FeedSection />);
    const user = userEvent.setup();
    const ready = await screen.findByRole('checkbox', { name: /Ready for handling/ });
    await user.click(ready);
    await user.click(screen.getByTestId('feed-save'));
    expect(screen.getByTestId('feed-no-ready').textContent).toContain('main queue');
    expect(desk.callsTo('feed:set-filter')).toEqual([]);
    expect(screen.getByTestId('feed-save').textContent).toBe('Save anyway');
    await user.click(screen.getByTestId('feed-save'));
    expect(desk.callsTo('feed:set-filter')).toEqual([
      { filter: { type: 'FromWorkflow', statuses: ['canceled'] } },
    ]);
  });

  it('a filter with ready-for-handling saves at once', async () => {
    const { desk } = setup({
      'feed:get-config': () => config,
      'feed:set-filter': () => config,
    });
    renderUi(<FeedSection />);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('feed-save'));
    expect(screen.queryByTestId('feed-no-ready')).toBeNull();
    expect(desk.callsTo('feed:set-filter')).toHaveLength(1);
  });
});

describe('sync bar while the desk reconnects (after saving a setting)', () => {
  it('says it is connecting, not "Offline"; it says Offline once VTEX was asked', () => {
    setup();
    useDesk.setState({ sync: syncStatus({ online: false, feed: 'starting' }) });
    renderUi(<SyncBar />);
    expect(screen.getByTestId('sync-state').textContent).toBe('Connecting to VTEX…');
    act(() => useDesk.setState({ sync: syncStatus({ online: false, feed: 'offline' }) }));
    expect(screen.getByTestId('sync-state').textContent).toContain('Offline');
  });

  it('does not say everything is at VTEX while something needs attention', () => {
    setup();
    useDesk.setState({ sync: syncStatus({ pending: 0, attention: 2 }) });
    renderUi(<SyncBar />);
    expect(screen.getByTestId('sync-pending').textContent).toBe('Nothing waits to be sent');
  });
});
