import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { connectDesk } from './bridge';
import { beep } from './features/scan/beep';
import { createI18n } from './i18n';
import { setDeskApi, setFeedback, useDesk } from './store';
import { rememberLocation, restoreLocation } from './store/location';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element');

const bridge = connectDesk();
setDeskApi(bridge.api);
setFeedback({
  beep(kind) {
    if (useDesk.getState().prefs.sound) beep(kind);
  },
  notify(title, body, onClick) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const n = new Notification(title, { body, tag: 'order-desk-ready' });
    n.onclick = () => {
      window.focus();
      onClick();
    };
  },
});

// After a crash (main reloads the page) or a refresh, the person comes back where they were.
restoreLocation(useDesk, sessionStorage);
rememberLocation(useDesk, sessionStorage);

const i18n = createI18n(useDesk.getState().prefs.locale);
document.documentElement.lang = i18n.language;
useDesk.subscribe((state, prev) => {
  if (state.prefs.locale !== prev.prefs.locale) {
    void i18n.changeLanguage(state.prefs.locale);
    document.documentElement.lang = state.prefs.locale;
  }
});

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App bridge={bridge} />
    </I18nextProvider>
  </StrictMode>,
);
