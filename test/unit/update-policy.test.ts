import { describe, expect, it } from 'vitest';
import { mayInstallNow } from '../../main/host/update-policy';

describe('may we install the update now?', () => {
  it('installs when the app quits or the operator asks, with nothing waiting to sync', () => {
    expect(mayInstallNow({ downloaded: '0.2.0', actionsWaiting: 0, trigger: 'quit' })).toEqual({
      install: true,
      version: '0.2.0',
    });
    expect(mayInstallNow({ downloaded: '0.2.0', actionsWaiting: 0, trigger: 'user' })).toEqual({
      install: true,
      version: '0.2.0',
    });
  });

  it('never installs on its own in the middle of a shift', () => {
    expect(
      mayInstallNow({ downloaded: '0.2.0', actionsWaiting: 0, trigger: 'background' }),
    ).toEqual({
      install: false,
      reason: 'not-now',
    });
  });

  it('never installs while actions wait to reach VTEX, even when quitting or asked', () => {
    for (const trigger of ['quit', 'user', 'background'] as const) {
      expect(mayInstallNow({ downloaded: '0.2.0', actionsWaiting: 3, trigger })).toEqual({
        install: false,
        reason: 'actions-waiting',
      });
    }
  });

  it('has nothing to install before a download finished', () => {
    expect(mayInstallNow({ downloaded: null, actionsWaiting: 0, trigger: 'user' })).toEqual({
      install: false,
      reason: 'nothing-downloaded',
    });
  });
});
