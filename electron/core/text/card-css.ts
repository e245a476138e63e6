import postcss, { type AtRule, type ChildNode, type Container, type Declaration, type Rule } from 'postcss';

/** The class of the element a card with styling is drawn in; every kept rule applies inside it only. */
export const cardCssScopeClass = 'card-css';
const scope = `.${cardCssScopeClass}`;

/** Longer style sheets are dropped whole (a note type's CSS is a few KiB; Anki's own defaults are 200 bytes). */
export const maxCardCssChars = 100_000;
const maxRules = 2_000;
const maxClasses = 200;

export interface ScopedCss {
  /** The kept rules, every selector inside the card's scope; '' when nothing is kept. */
  css: string;
  /** The classes the kept selectors use: the HTML sanitiser keeps these on the card's elements. */
  classes: string[];
}

/** At-rules whose contents are rules to scope; every other at-rule (@import, @font-face, @keyframes, @layer, @property…) goes. */
const groupingAtRules = new Set(['media', 'supports']);
/** What stands for the whole page or Anki's card element: rewritten to the card's scope. */
/** (The scope itself too, so scoping CSS again, as a synced card's is, changes nothing.) */
const pageSelector = /(?<![\w-])(?:html|body)(?![\w-])|:root(?![\w-])|\.card(?:-css)?(?![\w-])/gi;
const pageSelectorAtStart = /^\s*(?:(?:html|body)(?![\w-])|:root(?![\w-])|\.card(?:-css)?(?![\w-]))/i;

/**
 * A note type's CSS made safe to show in the app: parsed with PostCSS, only
 * plain rules (and those inside @media/@supports) kept, each selector put
 * inside the card's scope (`html`, `body`, `:root` and Anki's `.card` become
 * the scope itself), and declarations that reach outside the card or load
 * anything dropped: `position: fixed`, `url()` other than the note's own
 * imported media (rewritten to `media/<name>`), `image-set()`, `expression()`,
 * bindings and behaviours. Nested rules, sibling combinators out of the scope,
 * comments and every other at-rule go. Unparsable CSS gives nothing.
 */
export function scopeCardCss(css: string, resolveMedia: ((name: string) => string | null) | null): ScopedCss {
  if (!css.trim() || css.length > maxCardCssChars) return { css: '', classes: [] };
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch {
    return { css: '', classes: [] };
  }
  let rules = 0;
  const classes = new Set<string>();
  const clean = (container: Container, depth: number): void => {
    for (const node of [...(container.nodes ?? [])] as ChildNode[]) {
      if (node.type === 'comment') {
        node.remove();
      } else if (node.type === 'atrule') {
        const at = node as AtRule;
        if (depth > 3 || !groupingAtRules.has(at.name.toLowerCase()) || !at.nodes) at.remove();
        else clean(at, depth + 1);
      } else if (node.type === 'rule') {
        const rule = node as Rule;
        if (++rules > maxRules || !scopeRule(rule, classes)) {
          rule.remove();
          continue;
        }
        for (const child of [...rule.nodes]) {
          if (child.type !== 'decl' || !keepDeclaration(child, resolveMedia)) child.remove();
        }
        if (!rule.nodes.length) rule.remove();
      } else {
        node.remove();
      }
    }
  };
  clean(root, 0);
  for (const node of [...root.nodes]) if (node.type === 'atrule' && !(node.nodes?.length ?? 0)) node.remove();
  const out = root.toString().trim();
  return { css: out, classes: out ? [...classes].slice(0, maxClasses) : [] };
}

/** Rewrites a rule's selectors into the scope; false when none can be kept. */
function scopeRule(rule: Rule, classes: Set<string>): boolean {
  const kept: string[] = [];
  for (const raw of rule.selectors) {
    const selector = raw.trim();
    // A leading sibling combinator would reach the card's neighbours; nesting (&) and escapes are not worth the risk.
    if (!selector || /^[+~]/.test(selector) || /[&\\{}<;]/.test(selector)) continue;
    const scoped = pageSelectorAtStart.test(selector)
      ? `${scope}${selector.replace(pageSelectorAtStart, '').replace(pageSelector, '')}`
      : `${scope} ${selector.replace(pageSelector, '')}`;
    const tidy = scoped.replace(/\s+/g, ' ').trim();
    if (/[+~]\s*$|>\s*$/.test(tidy)) continue;
    for (const m of tidy.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) if (m[1] !== cardCssScopeClass) classes.add(m[1]!);
    kept.push(tidy);
  }
  if (!kept.length) return false;
  rule.selectors = [...new Set(kept)];
  return true;
}

function keepDeclaration(decl: Declaration, resolveMedia: ((name: string) => string | null) | null): boolean {
  const prop = decl.prop.toLowerCase();
  const value = decl.value;
  // A CSS escape can spell "url(" or "position" without the letters (u\72l, posit\69on): declarations with one go.
  if (prop.includes('\\') || value.includes('\\')) return false;
  if (prop === 'behavior' || prop === '-moz-binding' || prop.startsWith('--')) return false;
  if (prop === 'position' && /fixed/i.test(value)) return false;
  if (/expression\s*\(|image-set\s*\(|(?<![\w-])src\s*\(|@import|javascript:/i.test(value)) return false;
  if (/url\s*\(/i.test(value)) {
    let ok = true;
    const rewritten = value.replace(/url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi, (_whole, _quote: string, target: string) => {
      const name = mediaName(target, resolveMedia);
      if (!name) ok = false;
      return `url("media/${encodeURIComponent(name ?? '')}")`;
    });
    // Anything url-like the pattern did not take whole (escapes, nested quotes) is refused.
    if (!ok || /url\s*\(/i.test(rewritten.replace(/url\("media\/[^"()\\]*"\)/g, ''))) return false;
    decl.value = rewritten;
  }
  return true;
}

/** A reference to one of the note's imported media files (a bare name, no scheme, no folder), or null. */
function mediaName(target: string, resolveMedia: ((name: string) => string | null) | null): string | null {
  const value = target.trim();
  if (!resolveMedia || !value || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//') || /[\\/]/.test(value.replace(/^media\//, ''))) return null;
  let name = value.replace(/^media\//, '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // the raw name
  }
  return resolveMedia(name);
}
