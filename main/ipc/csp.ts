/**
 * The page's Content-Security-Policy. renderer/index.html carries the same string in a meta tag
 * (a unit test keeps them equal): Electron loads the page from file://, where no response header
 * exists, and the browser host sends it as a header as well.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
].join('; ');
