import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { nodeArgs } from '../helpers/node-entry.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Debian's Chromium headless shell (package chromium-headless-shell): the same Blink and V8 as the Chromium
 * browser, embedded without the browser's own user interface and services (as Electron embeds them), and the
 * build playwright itself drives for headless runs. The browser tests took 163 s of wall time with it against
 * 223 s with the full browser (/usr/bin/chromium, which CHROMIUM_PATH can still name).
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
/**
 * Every request off 127.0.0.1 goes to a proxy address where nothing listens, so it fails inside Chromium
 * (Chromium never sends loopback requests through a proxy). Pausing each request for a route handler in
 * this process instead cost a round trip per request, every API call among them.
 */
const offMachineProxy = ['--proxy-server=http://127.0.0.1:9'];
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', ...offMachineProxy];
/** Set by the browser tests' global setup (tests/setup/e2e-global-setup.ts) to the endpoint of the Chromium they share. */
export const sharedBrowserVariable = 'DEMARC_TEST_CHROMIUM';

/** The run's shared Chromium when there is one (each session then has contexts of its own), else one of its own. */
async function connectBrowser(): Promise<Browser> {
  const endpoint = process.env[sharedBrowserVariable];
  if (endpoint) return chromium.connect(endpoint);
  if (!chromiumAvailable()) throw new Error(`no Chromium at ${chromiumPath}: install it (apt-get install chromium-headless-shell) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface WebApp {
  /** Where the app lives once a browser is admitted (serves nothing without the session cookie). */
  url: string;
  dbFile: string;
  dir: string;
  /** Admits a page's browser context the way a user does: opens the next address web mode printed (each works once). */
  admit(page: Page): Promise<void>;
  /** The next unused address web mode printed (for tests of the admission itself). */
  nextAdmissionUrl(): Promise<string>;
  /** Calls the API from this process as an admitted client (it opens a printed address first). */
  api(method: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  stop(): Promise<void>;
}

const admissionPattern = /http:\/\/127\.0\.0\.1:\d+\/\?admit=[\w-]+/g;

/** Starts `npm run web`'s entry point on a free port with a fresh database in a temp folder. */
export async function startWebApp(options: { dbFile?: string } = {}): Promise<WebApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-e2e-'));
  const dbFile = options.dbFile ?? path.join(dir, 'demarc.sqlite');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs('web-main'), '--port', '0', '--db', dbFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The note of collections used (outside the data folder) stays inside the test's folder too.
    env: { ...process.env, DEMARC_DATA_DIR: dir, DEMARC_STATE_DIR: path.join(dir, 'state') },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Every address web mode prints, in order; each is handed out once.
  const printed: string[] = [];
  const waiting: ((url: string) => void)[] = [];
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = out.split('\n');
    out = lines.pop()!;
    for (const line of lines) {
      for (const [match] of line.matchAll(admissionPattern)) {
        const waiter = waiting.shift();
        if (waiter) waiter(match);
        else printed.push(match);
      }
    }
  });
  const nextAdmissionUrl = () =>
    new Promise<string>((resolve, reject) => {
      const ready = printed.shift();
      if (ready) return resolve(ready);
      if (child.exitCode !== null) return reject(new Error(`web mode exited: ${stderr}`));
      waiting.push(resolve);
    });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start in time: ${stderr}`)), 60_000);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}: ${stderr}`));
    };
    child.once('exit', exited);
    void nextAdmissionUrl().then((url) => {
      clearTimeout(timer);
      child.off('exit', exited);
      resolve(url);
    });
  });
  printed.unshift(first);
  const url = new URL('/', first).href;
  let apiCookie: string | null = null;
  return {
    url,
    dbFile,
    dir,
    nextAdmissionUrl,
    admit: async (page) => {
      await page.goto(await nextAdmissionUrl());
      if (new URL(page.url()).search !== '') throw new Error(`web mode did not admit the browser: ${page.url()}`);
    },
    api: async (method, args) => {
      if (apiCookie === null) {
        const admitted = await fetch(await nextAdmissionUrl(), { redirect: 'manual' });
        apiCookie = admitted.headers.get('set-cookie')?.split(';')[0] ?? '';
      }
      const reply = await fetch(`${url}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: apiCookie },
        body: JSON.stringify(args),
      });
      return (await reply.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request that tried to leave 127.0.0.1 (each failed: see chromiumArgs). */
  offMachine: string[];
  /** Console errors and page errors (CSP violations show up here). */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Chromium with a watch on the network: anything not bound for 127.0.0.1 is
 * recorded and aborted. With `admitTo`, its page opens the app's printed
 * address first, as a user does, so every page of the context is admitted.
 */
export async function openBrowser(
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; bypassCSP?: boolean; admitTo?: WebApp } = {},
): Promise<BrowserSession> {
  const browser = await connectBrowser();
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1100, height: options.height ?? 760 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    // Only for accessibility checks: axe-core is injected as a script, which the app's CSP forbids.
    bypassCSP: options.bypassCSP ?? false,
  });
  const offMachine: string[] = [];
  const problems: string[] = [];
  // Recorded from the request events (no request waits for this process); the proxy above stops them.
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (leavesMachine(url)) offMachine.push(url.href);
  });
  // A stuck step fails with the locator it waited for, well inside the test's own timeout.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  if (options.admitTo) await options.admitTo.admit(page);
  return {
    browser,
    context,
    page,
    offMachine,
    problems,
    // Closes a browser of its own; from the shared one, closes this session's contexts and disconnects.
    close: () => browser.close(),
  };
}

/** A request for anything but 127.0.0.1 over the network (data:, blob: and the like stay in the page). */
function leavesMachine(url: URL): boolean {
  return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && url.hostname !== '127.0.0.1';
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(chromiumPath);
}

/**
 * Reveals the answer of whatever card is shown, with the keyboard: an owner
 * pick on a responsibility card (`ownerKey`), the first option and Check on a
 * choice card, Show answer on a basic card; then waits for the grade buttons.
 */
export async function revealAnswer(page: Page, ownerKey = 'c'): Promise<'responsibility' | 'choice' | 'basic'> {
  let kind: 'responsibility' | 'choice' | 'basic' = 'basic';
  if ((await page.getByRole('group', { name: 'Choose the owner' }).count()) > 0) {
    kind = 'responsibility';
    await page.keyboard.press(ownerKey);
  } else if ((await page.getByRole('group', { name: 'Options' }).count()) > 0) {
    kind = 'choice';
    await page.keyboard.press('1');
    await page.keyboard.press(' ');
  } else {
    await page.keyboard.press(' ');
  }
  await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
  return kind;
}
