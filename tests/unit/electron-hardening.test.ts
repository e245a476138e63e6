/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * checked without an Electron binary: the window's webPreferences, the
 * session and web-contents lock-down (by calling the handlers they register
 * on small fakes), the IPC sender check, the preload's surface (with a
 * mocked 'electron'), the app:// protocol, the CSP, the packaging fuses, and
 * that the core never imports Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appOrigin, isTrustedSender, lockDownContents, lockDownSession, secureWebPreferences } from '../../electron/main/window-security.js';
import { apiMethodNames } from '../../electron/api/api-method-names.js';
import { mediaContentSecurityPolicy, pageContentSecurityPolicy } from '../../electron/shared/content-security.js';
import type { Dispatcher } from '../../electron/api/api-dispatcher.js';
import { repoRoot, tempDir } from '../helpers/test-collection.js';
import { tinyPng } from '../fixtures/media-bytes.js';

/** What the mocked 'electron' module records; the real one would try to download a binary. */
const electronMock = vi.hoisted(() => ({
  exposed: [] as { key: string; api: unknown }[],
  invoked: [] as unknown[][],
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Response | Promise<Response>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electronMock.exposed.push({ key, api }) },
  ipcRenderer: { invoke: (...args: unknown[]) => Promise.resolve(electronMock.invoked.push(args)) },
  ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => electronMock.ipcHandlers.set(channel, handler) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => electronMock.privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: (request: { url: string }) => Response) => electronMock.protocolHandlers.set(scheme, handler),
  },
}));

const contentSecurityPolicy = pageContentSecurityPolicy(['app://demarc']);
const read = (relative: string) => fs.readFileSync(path.join(repoRoot, relative), 'utf8');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => pattern.test(f)).map((f) => path.join(dir, f));
}

describe('the window (webPreferences)', () => {
  const prefs: NonNullable<BrowserWindowConstructorOptions['webPreferences']> = secureWebPreferences('/app/preload.cjs');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink features and loads only the given preload', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.preload).toBe('/app/preload.cjs');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
  });
});

describe('the session', () => {
  type PermissionRequest = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  type BeforeRequest = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
  const registered: {
    permissionRequest?: PermissionRequest;
    permissionCheck?: (...args: unknown[]) => boolean;
    devicePermission?: (...args: unknown[]) => boolean;
    beforeRequest?: BeforeRequest;
  } = {};
  const fakeSession = {
    setPermissionRequestHandler: (handler: PermissionRequest) => (registered.permissionRequest = handler),
    setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => (registered.permissionCheck = handler),
    setDevicePermissionHandler: (handler: (...args: unknown[]) => boolean) => (registered.devicePermission = handler),
    webRequest: { onBeforeRequest: (handler: BeforeRequest) => (registered.beforeRequest = handler) },
  };
  lockDownSession(fakeSession as unknown as Session);

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown'])(
    'denies the permission request %s, and its check',
    (permission) => {
      const callback = vi.fn();
      registered.permissionRequest!({}, permission, callback, { requestingUrl: `${appOrigin}/index.html` });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(registered.permissionCheck!({}, permission, `${appOrigin}/`, {})).toBe(false);
    },
  );

  it('denies every device permission', () => {
    expect(registered.devicePermission!({ deviceType: 'usb', origin: appOrigin })).toBe(false);
  });

  const decide = (url: string): boolean | undefined => {
    let cancel: boolean | undefined;
    registered.beforeRequest!({ url }, (response) => (cancel = response.cancel));
    return cancel;
  };

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/api/today.get',
    'http://localhost/',
    'ws://127.0.0.1:9229/',
    'file:///etc/passwd',
    'app://demarc.evil.example/index.html',
    'app://evil/index.html',
    'app://demarc',
    'ftp://example.com/x',
    'chrome://settings/',
  ])('cancels the off-app request %s', (url) => {
    expect(decide(url)).toBe(true);
  });

  it.each([`${appOrigin}/index.html`, `${appOrigin}/assets/app.js`, `${appOrigin}/media/x.png`, 'data:image/png;base64,AA==', `blob:${appOrigin}/1234`])(
    'lets the app request %s through',
    (url) => {
      expect(decide(url)).toBe(false);
    },
  );
});

describe('every web contents', () => {
  const listeners = new Map<string, (event: { preventDefault: () => void }, ...rest: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const fakeContents = {
    on: (event: string, listener: (event: { preventDefault: () => void }) => void) => {
      listeners.set(event, listener);
      return fakeContents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => (openHandler = handler),
  };
  lockDownContents(fakeContents as unknown as WebContents);

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s, whatever the target', (event) => {
    for (const url of ['https://example.com/', `${appOrigin}/index.html`, 'file:///etc/passwd']) {
      const preventDefault = vi.fn();
      listeners.get(event)!({ preventDefault }, url);
      expect(preventDefault).toHaveBeenCalledOnce();
    }
  });

  it('denies window.open and target=_blank', () => {
    for (const url of ['https://example.com/', `${appOrigin}/index.html`, 'about:blank', 'javascript:alert(1)']) {
      expect(openHandler!({ url })).toEqual({ action: 'deny' });
    }
  });
});

describe('the IPC sender check', () => {
  it('accepts our own top frame on app://demarc', () => {
    expect(isTrustedSender({ url: `${appOrigin}/index.html`, parent: null })).toBe(true);
    expect(isTrustedSender({ url: `${appOrigin}/`, parent: null })).toBe(true);
  });

  it.each([
    ['a sub-frame of our page', { url: `${appOrigin}/index.html`, parent: {} }],
    ['another host on our scheme', { url: 'app://evil/index.html', parent: null }],
    ['a look-alike host', { url: 'app://demarc.evil/index.html', parent: null }],
    ['a web page', { url: 'https://demarc/index.html', parent: null }],
    ['the web mode page', { url: 'http://127.0.0.1:5173/', parent: null }],
    ['a file', { url: 'file:///app/index.html', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['a data URL', { url: 'data:text/html,<script>1</script>', parent: null }],
    ['an unparsable URL', { url: 'not a url', parent: null }],
    ['no frame (destroyed)', null],
    ['no frame (undefined)', undefined],
  ])('refuses %s', (_label, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  it('is what the IPC transport applies before dispatching', async () => {
    const { apiChannel, bindIpcTransport } = await import('../../electron/main/ipc-transport.js');
    const calls: unknown[][] = [];
    const dispatcher: Dispatcher = { dispatch: (method, args) => Promise.resolve({ ok: true, value: calls.push([method, args]) }) };
    bindIpcTransport(dispatcher);
    const handler = electronMock.ipcHandlers.get(apiChannel)!;
    expect(handler).toBeTypeOf('function');
    const refused = await handler({ senderFrame: { url: 'https://example.com/', parent: null } }, 'decks.delete', { deckId: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(calls).toHaveLength(0);
    await handler({ senderFrame: { url: `${appOrigin}/index.html`, parent: null } }, 'today.get', {});
    expect(calls).toEqual([['today.get', {}]]);
  });
});

describe('the preload', () => {
  beforeEach(() => {
    electronMock.exposed.length = 0;
    electronMock.invoked.length = 0;
    vi.resetModules();
  });

  it('exposes exactly one frozen function per API method on window.demarc, and nothing of Electron', async () => {
    await import('../../electron/main/preload.js');
    expect(electronMock.exposed).toHaveLength(1);
    const { key, api } = electronMock.exposed[0]!;
    expect(key).toBe('demarc');
    const bridge = api as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...apiMethodNames].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const name of apiMethodNames) expect(bridge[name], name).toBeTypeOf('function');
  });

  it('sends every call over the one API channel with the method name it was exposed under', async () => {
    await import('../../electron/main/preload.js');
    const bridge = electronMock.exposed[0]!.api as Record<string, (args: unknown) => Promise<unknown>>;
    await bridge['study.answer']!({ cardId: 1, grade: 3, durationMs: 10 });
    expect(electronMock.invoked).toEqual([['demarc:api', 'study.answer', { cardId: 1, grade: 3, durationMs: 10 }]]);
  });

  it('imports nothing but Electron and the list of method names', () => {
    const imports = [...read('electron/main/preload.ts').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['../api/api-method-names.js', 'electron']);
  });
});

describe('the app:// protocol', () => {
  const rendererDir = tempDir('demarc-renderer-');
  const mediaDir = tempDir('demarc-media-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Demarc</title>');
  fs.writeFileSync(path.join(mediaDir, 'cat.png'), tinyPng);
  fs.writeFileSync(path.join(mediaDir, 'evil.html'), '<script src="evil.js"></script>');
  fs.writeFileSync(path.join(mediaDir, 'evil.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  fs.writeFileSync(path.join(mediaDir, 'evil.js'), 'fetch("/api/settings.update")');
  // A script under an image name: served by its bytes, not its name.
  fs.writeFileSync(path.join(mediaDir, 'fake.png'), 'alert(1)');
  afterAll(() => {
    for (const dir of [rendererDir, mediaDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function serve(url: string): Promise<Response> {
    const { serveAppProtocol } = await import('../../electron/main/app-protocol.js');
    serveAppProtocol(rendererDir, mediaDir);
    return electronMock.protocolHandlers.get('app')!({ url });
  }

  it('registers app: as a secure standard scheme without bypassing the CSP', async () => {
    const { registerAppScheme } = await import('../../electron/main/app-protocol.js');
    registerAppScheme();
    expect(electronMock.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown }]);
    const privileges = (electronMock.privilegedSchemes[0] as { privileges: Record<string, boolean> }).privileges;
    expect(privileges.bypassCSP ?? false).toBe(false);
    expect(privileges.corsEnabled ?? false).toBe(false);
  });

  it('serves the renderer with the CSP and nosniff headers', async () => {
    const response = await serve(`${appOrigin}/index.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves an imported image by its sniffed type, sandboxed, with nosniff', async () => {
    const response = await serve(`${appOrigin}/media/cat.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-security-policy')).toBe(mediaContentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['evil.html', 'evil.svg', 'evil.js', 'fake.png'])('does not serve the active media file %s (404, sandboxed)', async (name) => {
    const response = await serve(`${appOrigin}/media/${name}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    'app://evil/index.html',
    `${appOrigin}/../../../../etc/passwd`,
    `${appOrigin}/%2e%2e/%2e%2e/etc/passwd`,
    `${appOrigin}/..%2f..%2fetc%2fpasswd`,
    `${appOrigin}/media/..%2f..%2fetc%2fpasswd`,
    `${appOrigin}/missing.js`,
  ])('answers 404 for %s', async (url) => {
    expect((await serve(url)).status).toBe(404);
  });
});

/** The CSP as directive → sources. */
function parseCsp(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

/** Only our own origin (and local data:/blob: images): no host, no scheme that reaches a network. */
const localSources = new Set(["'self'", "'none'", 'data:', 'blob:', 'app://demarc/assets/']);

function expectStrictCsp(policy: string, scriptSource = 'app://demarc/assets/'): void {
  const csp = parseCsp(policy);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual([scriptSource]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  for (const [directive, sources] of csp) {
    for (const source of sources) expect(localSources.has(source), `${directive} allows ${source}`).toBe(true);
    expect(sources, directive).not.toContain("'unsafe-eval'");
    expect(sources, directive).not.toContain("'unsafe-inline'");
  }
}

describe('the Content-Security-Policy', () => {
  it('allows scripts from the bundle folder only (not /media/), no inline or eval, and nothing remote (header)', () => {
    expectStrictCsp(contentSecurityPolicy);
    expect(parseCsp(contentSecurityPolicy).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is the same in renderer/index.html (meta), which has no inline script or handler', () => {
    const html = read('renderer/index.html');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta).not.toBeNull();
    expectStrictCsp(meta![1]!, "'self'");
    // frame-ancestors is ignored in a meta tag; every other directive must match the header, which narrows
    // script-src from 'self' to the bundle folder (a page obeys both policies).
    const header = parseCsp(contentSecurityPolicy);
    header.delete('frame-ancestors');
    header.set('script-src', ["'self'"]);
    expect(parseCsp(meta![1]!)).toEqual(header);
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(script[1], 'a script without src').toMatch(/\bsrc=/);
      expect(script[2]!.trim(), 'an inline script').toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

describe('the packaging fuses (electron-builder.yml)', () => {
  /** The `electronFuses:` block, read line by line: `  name: value`. */
  function fuses(): Map<string, string> {
    const lines = read('electron-builder.yml').split('\n');
    const start = lines.findIndex((l) => /^electronFuses:\s*$/.test(l));
    expect(start, 'electronFuses block').toBeGreaterThanOrEqual(0);
    const block = new Map<string, string>();
    for (const line of lines.slice(start + 1)) {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const entry = /^\s+([A-Za-z0-9]+):\s*(\S+)\s*(#.*)?$/.exec(line);
      if (!entry) break;
      block.set(entry[1]!, entry[2]!);
    }
    return block;
  }

  it.each([
    ['runAsNode', 'false'],
    ['enableNodeOptionsEnvironmentVariable', 'false'],
    ['enableNodeCliInspectArguments', 'false'],
    ['onlyLoadAppFromAsar', 'true'],
    ['enableEmbeddedAsarIntegrityValidation', 'true'],
    ['enableCookieEncryption', 'true'],
    ['grantFileProtocolExtraPrivileges', 'false'],
  ])('sets %s to %s', (fuse, value) => {
    expect(fuses().get(fuse)).toBe(value);
  });

  it('packages the app as an asar archive', () => {
    expect(read('electron-builder.yml')).toMatch(/^asar:\s*true\s*$/m);
  });

  it('unpacks every worker script the build writes (a worker loads its script from disk, not from the archive)', () => {
    const workers = [...read('scripts/build-electron.mjs').matchAll(/outfile: '(dist\/electron\/[\w-]*worker\.js)'/g)].map((m) => m[1]!);
    expect(workers.length).toBeGreaterThanOrEqual(3);
    const unpacked = read('electron-builder.yml');
    for (const worker of workers) expect(unpacked, worker).toContain(`- "${worker}"`);
  });
});

describe('the main process (source)', () => {
  const main = read('electron/main/main.ts');

  it('enables the sandbox for every renderer and registers the app scheme', () => {
    expect(main).toMatch(/^app\.enableSandbox\(\);$/m);
    expect(main).toMatch(/^registerAppScheme\(\);$/m);
  });

  it('loads the renderer from app://, never from file://', () => {
    expect(main).toMatch(/\.loadURL\(`\$\{appOrigin\}\//);
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
  });

  it('uses the secure webPreferences and locks down the session and every web contents', () => {
    expect(main).toMatch(/webPreferences:\s*secureWebPreferences\(/);
    expect(main.match(/webPreferences:/g)).toHaveLength(1);
    expect(main).toMatch(/lockDownSession\(session\.defaultSession\)/);
    expect(main).toMatch(/app\.on\('web-contents-created',\s*\(_event, contents\) => lockDownContents\(contents\)\)/);
    expect(main).toMatch(/bindIpcTransport\(dispatcher\)/);
  });

  it('nowhere enables node integration, opens external links, uses sync IPC or remote', () => {
    for (const file of filesUnder('electron', /\.ts$/)) {
      const text = read(file);
      expect(text, file).not.toMatch(/nodeIntegration\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false/);
      expect(text, file).not.toMatch(/openExternal|enableBlinkFeatures|allowpopups|@electron\/remote|ipcMain\.on\(|sendSync\(/);
    }
  });
});

describe('the core stays free of Electron', () => {
  const electronImport = /\bfrom\s+['"]electron(?:\/[^'"]*)?['"]|\bimport\s*\(?\s*['"]electron(?:\/[^'"]*)?['"]|\brequire\s*\(\s*['"]electron(?:\/[^'"]*)?['"]/;

  it.each(['electron/core', 'electron/api', 'electron/web', 'electron/cli', 'electron/shared', 'renderer/src'])('%s imports nothing from electron', (dir) => {
    const files = filesUnder(dir, /\.(ts|svelte|js|mjs)$/);
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((file) => electronImport.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it('recognises an Electron import when there is one', () => {
    for (const line of ["import { app } from 'electron';", 'import type { Session } from "electron";', "const e = require('electron');", "await import('electron/main');", "import 'electron';"]) {
      expect(electronImport.test(line), line).toBe(true);
    }
    expect(electronImport.test("import x from 'electron-builder';")).toBe(false);
  });
});
