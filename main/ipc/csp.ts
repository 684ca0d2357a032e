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

/**
 * What the browser host sends as a header: the page's policy, and no framing at all (a page of
 * another site must not show the desk in a frame and trick a click). `frame-ancestors` is ignored
 * in a meta tag, so it lives only here.
 */
export const HEADER_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
