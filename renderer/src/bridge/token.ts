const STORAGE_KEY = 'order-desk.token';

/** The token taken from the address, for links the host checks it on (slip pages and PDFs). */
export function currentToken(storage: Storage = window.sessionStorage): string {
  return storage.getItem(STORAGE_KEY) ?? '';
}

/**
 * The browser host's per-run token arrives once in the page address (?token=…). Keep it for this
 * tab (a reload still works) and take it out of the address bar, so it is not copied along with
 * a shared link or kept in the history.
 */
export function takeToken(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY) ?? '';
}
