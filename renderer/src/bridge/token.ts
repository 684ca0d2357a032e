/** The token this page was opened with, if any; kept in memory only (see takeToken). */
let inMemoryToken = '';

/**
 * The token for links the host checks it on (slip pages and PDFs). Normally empty: such links
 * open on the host's own address and carry the HttpOnly cookie; only a page opened with
 * `?token=…` by a host that did not redirect needs to hand the token on.
 */
export function currentToken(): string {
  return inMemoryToken;
}

/**
 * The browser host trades the token of its printed address for an HttpOnly cookie and redirects
 * to the bare address, so the page normally never sees the token: its calls carry the cookie.
 * Should the page still be opened with `?token=…` (a host that did not redirect), the token is
 * used from memory only — never stored where scripts could read it later — and taken out of the
 * address bar, so it is not kept in the history, a shared link or a screenshot.
 */
export function takeToken(loc: Location = window.location): string {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) return '';
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  inMemoryToken = fromUrl;
  return fromUrl;
}
