import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The parts of Electron's IpcMainInvokeEvent the check reads (kept structural: no electron import). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface SenderPolicy {
  /** webContents id of the one main window. */
  webContentsId: number;
  /** Whether a page URL is our renderer. */
  isOurPage(url: string): boolean;
}

/**
 * Only the top frame of our own window showing our own page may call main. A sub-frame, another
 * webContents, a page that somehow navigated elsewhere, or a frame already gone (senderFrame null)
 * is refused.
 */
export function isTrustedSender(event: InvokeEventLike, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (event.sender.id !== policy.webContentsId) return false;
  if (frame.parent !== null) return false;
  return policy.isOurPage(frame.url);
}

/**
 * Our page is renderer/index.html from the build folder (file://), or, under `electron-vite dev`,
 * anything served by the dev server's origin.
 */
export function rendererPageMatcher(opts: {
  rendererDir: string;
  devServerUrl?: string | undefined;
}): (url: string) => boolean {
  const devOrigin = opts.devServerUrl ? new URL(opts.devServerUrl).origin : null;
  const indexPath = pathToFileURL(join(opts.rendererDir, 'index.html')).pathname;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin) return parsed.origin === devOrigin;
    return parsed.protocol === 'file:' && parsed.host === '' && parsed.pathname === indexPath;
  };
}
