import fs from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import { chromiumArgs, chromiumPath, sharedBrowserVariable } from '../e2e/web-app-harness.js';
import { buildRendererIfChanged } from './renderer-build.js';

/**
 * Once per run of the browser tests: the renderer, built only when its
 * sources changed, and one Chromium that every test file connects to (each
 * file gets browser contexts of its own, and web mode on a fresh collection
 * of its own: see web-app-harness.ts).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { built, ms } = await buildRendererIfChanged();
  if (built) console.log(`renderer built in ${(ms / 1000).toFixed(1)} s (its sources changed)`);
  let server: BrowserServer | null = null;
  // Where Chromium is missing, each browser test fails with the harness's own message.
  if (fs.existsSync(chromiumPath)) {
    server = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs, host: '127.0.0.1' });
    process.env[sharedBrowserVariable] = server.wsEndpoint();
  }
  return async () => {
    delete process.env[sharedBrowserVariable];
    await server?.close();
  };
}
