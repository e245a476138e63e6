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

/** One press of Tab as the keyboard sends it (what `page.keyboard.press('Tab')` sends, a key down and a key up). */
const tabKey = { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 } as const;
/** Tabs sent before the page is asked how far the walk got. */
const tabsPerBatch = 20;

/**
 * Tabs through the whole page (at most `limit` stops) and returns every stop
 * a sighted keyboard user could not see: smaller than 4×4 px, or focused
 * without a focus ring (no outline and no box shadow).
 *
 * The page notes each stop as the focus arrives and where the focus leaves
 * the page, so the Tabs go out in batches and the page is read once a batch
 * (not a press, a key up and a read for every stop); Tabs sent after the
 * focus left are not looked at.
 */
export async function hiddenTabStops(page: Page, limit = 200): Promise<string[]> {
  await page.evaluate(`(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    const walk = { stops: [], left: false };
    window.__tabWalk = walk;
    // Only a focus that a Tab moved is a stop (not one the app moves by itself between key presses).
    let tabbing = false;
    const pressed = (event) => {
      if (event.key === 'Tab') tabbing = event.type === 'keydown';
    };
    const arrived = (event) => {
      if (walk.left || !tabbing) return;
      tabbing = false;
      const e = event.target;
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      walk.stops.push({ name: e.tagName.toLowerCase() + ' "' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40) + '"', w: r.width, h: r.height, ring });
    };
    // Focus that goes nowhere (out of the page, or to <body>) ends the walk.
    const went = (event) => {
      if (event.relatedTarget === null) walk.left = true;
    };
    window.addEventListener('keydown', pressed, true);
    window.addEventListener('keyup', pressed, true);
    document.addEventListener('focusin', arrived);
    document.addEventListener('focusout', went);
    walk.end = () => {
      walk.left = true;
      window.removeEventListener('keydown', pressed, true);
      window.removeEventListener('keyup', pressed, true);
      document.removeEventListener('focusin', arrived);
      document.removeEventListener('focusout', went);
    };
  })()`);
  const cdp = await page.context().newCDPSession(page);
  try {
    for (let sent = 0; sent < limit; ) {
      const batch = Math.min(tabsPerBatch, limit - sent);
      // Sent without waiting for each reply: the page handles them in order, one Tab at a time.
      const presses: Promise<unknown>[] = [];
      for (let i = 0; i < batch; i++) {
        presses.push(cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...tabKey }), cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...tabKey }));
      }
      await Promise.all(presses);
      sent += batch;
      if (await page.evaluate('window.__tabWalk.left')) break;
    }
  } finally {
    await cdp.detach();
  }
  const stops = (await page.evaluate('(() => { const walk = window.__tabWalk; walk.end(); return walk.stops.slice(0, ' + String(limit) + '); })()')) as { name: string; w: number; h: number; ring: boolean }[];
  const problems: string[] = [];
  for (const stop of stops) {
    if (stop.w < 4 || stop.h < 4) problems.push(`${stop.name}: ${stop.w}×${stop.h} px`);
    else if (!stop.ring) problems.push(`${stop.name}: no focus ring`);
  }
  return problems;
}
