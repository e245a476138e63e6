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

/** The rules whose outcome depends on colours: the only ones a second theme can change (the DOM and layout are the same). */
const colourRules = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe-core (every rule it runs by default, any impact) on the page as it
 * is now and returns one line per failing node. The page must come from a
 * context made with `bypassCSP: true`: the app's CSP forbids injected scripts.
 */
export async function axeViolations(page: Page, onlyColours = false): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.addScriptTag({ path: axePath });
  const options = onlyColours ? "{ resultTypes: ['violations'], runOnly: { type: 'rule', values: colourRules } }" : "{ resultTypes: ['violations'] }";
  const results = (await page.evaluate(`((colourRules) => axe.run(document, ${options}))(${JSON.stringify(colourRules)})`)) as AxeResults;
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}) ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`));
}

/**
 * Checks the current state in both schemes at both window sizes (every rule in
 * the first scheme, the colour rules in the second), returning
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
      // Every rule in the first scheme; in the second only the colour rules, the rest cannot differ.
      for (const v of await axeViolations(page, colorScheme !== auditSchemes[0])) found.push(`${state} · ${colorScheme} ${viewport.width}×${viewport.height} · ${v}`);
    }
  }
  await page.setViewportSize(auditViewports[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  await settled(page);
  return found;
}

/**
 * Tabs through the whole page (at most `limit` stops) and returns every stop
 * a sighted keyboard user could not see: smaller than 4×4 px, or focused
 * without a focus ring (no outline and no box shadow).
 */
export async function hiddenTabStops(page: Page, limit = 200): Promise<string[]> {
  const problems: string[] = [];
  await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = (await page.evaluate(`(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      return { name: e.tagName.toLowerCase() + ' "' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40) + '"', w: r.width, h: r.height, ring };
    })()`)) as { name: string; w: number; h: number; ring: boolean } | null;
    if (!stop) break;
    if (stop.w < 4 || stop.h < 4) problems.push(`${stop.name}: ${stop.w}×${stop.h} px`);
    else if (!stop.ring) problems.push(`${stop.name}: no focus ring`);
  }
  return problems;
}
