import { afterEach, describe, expect, it } from 'vitest';
import { takeToken } from '../../renderer/src/bridge/token';

/**
 * The browser host's token: normally traded for an HttpOnly cookie before the page loads; when
 * it still arrives in the address, it is used from memory, taken out of the address and history,
 * and never stored where a script could read it later.
 */

afterEach(() => {
  window.history.replaceState(null, '', '/');
  window.sessionStorage.clear();
  window.localStorage.clear();
});

describe('takeToken', () => {
  it('takes the token out of the address without storing it', () => {
    window.history.replaceState(null, '', '/?token=secret-token-1&view=queue#top');
    expect(takeToken()).toBe('secret-token-1');
    expect(window.location.href).not.toContain('secret-token-1');
    expect(window.location.search).toBe('?view=queue');
    expect(window.location.hash).toBe('#top');
    expect(JSON.stringify({ ...window.sessionStorage, ...window.localStorage })).not.toContain(
      'secret-token-1',
    );
  });

  it('answers nothing when the cookie carries it (the usual case)', () => {
    window.history.replaceState(null, '', '/');
    expect(takeToken()).toBe('');
  });
});
