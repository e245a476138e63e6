import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export const appScheme = 'app';
export const appOrigin = `${appScheme}://demarc`;

/** The settings of Electron's security checklist for our one window. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !process.env.DEMARC_NO_DEVTOOLS,
  };
}

/** Denies every permission request (camera, notifications, …) and check. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Nothing may leave the machine: any request that is not our own protocol is cancelled.
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith(`${appOrigin}/`) || details.url.startsWith('devtools://') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !allowed });
  });
}

/** No navigation away from the app and no new windows, ever. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** IPC is answered only for our own top frame, loaded from our own protocol. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${appScheme}:` && url.host === 'demarc';
  } catch {
    return false;
  }
}
