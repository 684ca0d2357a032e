/**
 * Get order requests a desk keeps in flight at once (feed and catch-up together), at most. The
 * account's limit (about 100 requests a second) is reached only with rate × round trip requests
 * in flight: 10 at a 100 ms round trip to VTEX, so 8 would cap a station at 80 a second. The
 * adaptive rate limiter, not this bound, decides how fast requests go, and it holds fewer in
 * flight when its rate is lower (about twice its rate × the path's round trip, see
 * rate-limiter.ts): a station that found a small share of a busy account does not keep 16 out.
 */
export const DEFAULT_FETCH_CONCURRENCY = 16;
