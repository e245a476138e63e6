import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The window sizes and colour schemes every screen is checked in. */
export const auditViewports = [
  { width: 1280, height: 800 },
  { width: 900, height: 650 },
] as const;
export const auditSchemes = ['light', 'dark'] as const;

/** Waits until the page has laid out and painted twice (charts re-measure on resize). */
export async function settled(page: Page): Promise<void> {
  // Strings, not functions: the Node-side tsconfig has no DOM types.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null))))');
}

/**
 * Runs axe-core (every rule it runs by default, any impact) on the page as it
 * is now and returns one line per failing node. The page must come from a
 * context made with `bypassCSP: true`: the app's CSP forbids injected scripts.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.addScriptTag({ path: axePath });
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as AxeResults;
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}) ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`));
}

/**
 * Checks the current state in both schemes at both window sizes, returning
 * every violation prefixed with where it was found; leaves the page in the
 * first viewport and the light scheme.
 */
export async function auditEverywhere(page: Page, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const viewport of auditViewports) {
    await page.setViewportSize(viewport);
    for (const colorScheme of auditSchemes) {
      await page.emulateMedia({ colorScheme });
      await settled(page);
      for (const v of await axeViolations(page)) found.push(`${state} · ${colorScheme} ${viewport.width}×${viewport.height} · ${v}`);
    }
  }
  await page.setViewportSize(auditViewports[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  await settled(page);
  return found;
}
