import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Toasts } from '../../renderer/src/features/shell/Toasts';
import { useDesk } from '../../renderer/src/store';
import { action, detail, syncStatus } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

describe('toasts of actions', () => {
  it('stop saying "waiting to sync" once the action reached VTEX', () => {
    setup();
    const d = detail({ actions: [action({ actionId: 'A1', state: 'queued' })] });
    useDesk.setState((s) => ({
      order: { ...s.order, id: d.row.orderId, status: 'ready', data: d },
    }));
    renderUi(<Toasts />);
    act(() =>
      useDesk.getState().showToast('ok', 'Start handling saved — waiting to sync with VTEX.', {
        actionId: 'A1',
        syncedText: 'Start handling reached VTEX.',
        at: Date.now(),
      }),
    );
    expect(screen.getByTestId('toast').textContent).toContain('waiting to sync');
    const done = detail({ actions: [action({ actionId: 'A1', state: 'done' })] });
    act(() => useDesk.setState((s) => ({ order: { ...s.order, data: done } })));
    expect(screen.getByTestId('toast').textContent).toBe('Start handling reached VTEX.');
  });

  it('away from the order, a later sync status with nothing waiting says the same', () => {
    setup();
    renderUi(<Toasts />);
    const at = Date.now();
    act(() =>
      useDesk.getState().showToast('ok', 'Note saved — waiting to sync with VTEX.', {
        actionId: 'A2',
        syncedText: 'Note reached VTEX.',
        at,
      }),
    );
    act(() => useDesk.setState({ sync: syncStatus({ pending: 0, at: at - 1 }) }));
    expect(screen.getByTestId('toast').textContent).toContain('waiting to sync');
    act(() => useDesk.setState({ sync: syncStatus({ pending: 0, at: at + 10 }) }));
    expect(screen.getByTestId('toast').textContent).toBe('Note reached VTEX.');
  });
});
