import katex from 'katex';

/**
 * Math in card HTML, the way Anki writes it: \( \) and [$] [/$] inline,
 * \[ \] , [$$] [/$$] and [latex] [/latex] as a display block. Rendered by
 * KaTeX to MathML, which the browser lays out itself: no scripts, no inline
 * styles (the CSP forbids them), no remote fonts. Math that KaTeX cannot
 * render is shown as its source in a marked fallback.
 *
 * One pass over the string, tags skipped, so math inside an attribute is left
 * alone and the work stays linear in the length of the card.
 */
const delimiters = [
  { open: '\\(', close: '\\)', display: false },
  { open: '\\[', close: '\\]', display: true },
  { open: '[$$]', close: '[/$$]', display: true },
  { open: '[$]', close: '[/$]', display: false },
  { open: '[latex]', close: '[/latex]', display: true },
] as const;

/** Longer than this, a formula is shown as source: KaTeX's time grows with it, and no card needs more. */
const maxFormulaLength = 5000;

export function renderMath(html: string): string {
  if (!html.includes('\\(') && !html.includes('\\[') && !html.includes('[$') && !html.includes('[latex]')) return html;
  const missing = new Set<string>();
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (ch !== '\\' && ch !== '[') {
      i++;
      continue;
    }
    const d = delimiters.find((x) => html.startsWith(x.open, i));
    if (!d || missing.has(d.close)) {
      i++;
      continue;
    }
    const close = html.indexOf(d.close, i + d.open.length);
    if (close < 0) {
      // Never searched for again: a card full of unclosed openers stays linear.
      missing.add(d.close);
      i++;
      continue;
    }
    out += html.slice(runStart, i) + renderFormula(html.slice(i + d.open.length, close), d.open, d.close, d.display);
    i = close + d.close.length;
    runStart = i;
  }
  return out + html.slice(runStart);
}

function renderFormula(innerHtml: string, open: string, close: string, display: boolean): string {
  const tex = texOf(innerHtml, open === '[latex]');
  try {
    if (tex.length > maxFormulaLength) throw new Error('too long');
    const rendered = katex.renderToString(tex, {
      displayMode: display,
      output: 'mathml',
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      maxSize: 50,
      maxExpand: 500,
    });
    // A few constructs (matrices, boxes) carry style attributes, which the CSP would refuse: they only fine-tune spacing.
    return rendered.replace(/ style="[^"]*"/g, '');
  } catch {
    const source = escapeHtml(open + tex + close);
    return `<code class="math-fallback" title="This math could not be rendered; its source is shown">${source}</code>`;
  }
}

/** The TeX source of a formula found in HTML: tags dropped (a <br> is a space), entities decoded. */
function texOf(innerHtml: string, fullLatex: boolean): string {
  let tex = decodeEntities(innerHtml.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')).trim();
  // [latex] holds a LaTeX fragment: its math is usually wrapped in $ or $$ (KaTeX wants it bare).
  if (fullLatex) {
    const m = /^\$\$([\s\S]*)\$\$$/.exec(tex) ?? /^\$([\s\S]*)\$$/.exec(tex) ?? /^\\begin\{displaymath\}([\s\S]*)\\end\{displaymath\}$/.exec(tex);
    if (m) tex = m[1]!.trim();
  }
  return tex;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
