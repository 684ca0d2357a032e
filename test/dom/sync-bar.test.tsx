import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SyncBar } from '../../renderer/src/features/sync/SyncBar';
import { createI18n } from '../../renderer/src/i18n';
import { useDesk } from '../../renderer/src/store';
import { connectEvents } from '../../renderer/src/store/events';
import { syncStatus } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

describe('sync bar during a catch-up', () => {
  it('shows the count, a progress bar and the time left, and clears when done', () => {
    const { desk } = setup({ 'sync:status': () => syncStatus() });
    const off = connectEvents(desk.api, useDesk, { t: createI18n('en').t, coalesceMs: 0 });
    act(() => {
      desk.emit({ type: 'sync:status-changed', status: syncStatus() });
    });
    renderUi(<SyncBar />);
    expect(screen.queryByTestId('sync-catchup')).toBeNull();

    act(() => {
      desk.emit({
        type: 'catch-up:progressed',
        reason: 'outage',
        phase: 'fetching',
        done: 1200,
        total: 10_000,
        remainingMs: null,
      });
    });
    // No estimate yet: the count alone.
    expect(screen.getByTestId('sync-catchup').textContent).toBe(
      'Catching up with VTEX: 1,200 of 10,000',
    );
    expect(screen.queryByTestId('sync-catchup-left')).toBeNull();
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('0.12');

    act(() => {
      desk.emit({
        type: 'catch-up:progressed',
        reason: 'outage',
        phase: 'fetching',
        done: 4000,
        total: 10_000,
        remainingMs: 6 * 60_000 + 20_000,
      });
    });
    expect(screen.getByTestId('sync-catchup-left').textContent).toBe('about 6 min left');
    expect(useDesk.getState().catchUp).toMatchObject({ done: 4000, total: 10_000 });

    act(() => {
      desk.emit({
        type: 'catch-up:progressed',
        reason: 'outage',
        phase: 'done',
        done: 10_000,
        total: 10_000,
        remainingMs: null,
      });
    });
    expect(screen.queryByTestId('sync-catchup')).toBeNull();
    off();
  });
});
