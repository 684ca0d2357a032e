import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../../renderer/src/i18n';
import { setDeskApi, setFeedback, useDesk } from '../../../renderer/src/store';
import { fakeDesk, type Handlers } from './fake-desk';

// Vitest runs without globals, so Testing Library cannot unmount by itself between tests.
afterEach(() => cleanup());

/** A fresh store (its initial state), a fake desk behind it, and English screens. */
export function setup(handlers: Handlers = {}) {
  useDesk.setState(useDesk.getInitialState(), true);
  useDesk.setState({ prefs: { locale: 'en', sound: true, notifyNewOrders: false } });
  const desk = fakeDesk(handlers);
  setDeskApi(desk.api);
  const beeps: string[] = [];
  const notes: { title: string; body: string; onClick: () => void }[] = [];
  setFeedback({
    beep: (kind) => beeps.push(kind),
    notify: (title, body, onClick) => notes.push({ title, body, onClick }),
  });
  return { desk, beeps, notes };
}

export function renderUi(ui: ReactElement): RenderResult {
  const i18n = createI18n('en');
  return render(<I18nextProvider i18n={i18n}>{ui}</I18nextProvider>);
}
