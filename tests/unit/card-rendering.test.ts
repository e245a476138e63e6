// How imported content renders: each of Anki's math forms through KaTeX (as
// MathML, with no inline style the CSP would refuse), a marked fallback for
// math that cannot render, sound tags kept through import and shown as players.
import { describe, expect, it } from 'vitest';
import { renderMath } from '../../renderer/src/lib/render/math-render.js';
import { renderSounds } from '../../renderer/src/lib/render/sound-render.js';
import { sanitizeCardHtml } from '../../electron/core/text/html-sanitizer.js';

const mathOf = (html: string) => [...html.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map((m) => m[1]);

describe('math', () => {
  const forms: [string, string, boolean][] = [
    ['inline \\(x^2\\) here', 'x^2', false],
    ['display \\[\\frac{a}{b}\\]', '\\frac{a}{b}', true],
    ['[$]\\text{Identity Law of } \\textbf{C}[/$]', '\\text{Identity Law of } \\textbf{C}', false],
    ['[$$]\\sum_{i=1}^n i[/$$]', '\\sum_{i=1}^n i', true],
    ['[latex]$\\sqrt{2}$[/latex]', '\\sqrt{2}', true],
    ['[latex]\\alpha + \\beta[/latex]', '\\alpha + \\beta', true],
  ];

  it.each(forms)('renders %j', (html, tex, display) => {
    const out = renderMath(html);
    expect(mathOf(out)).toEqual([tex]);
    expect(out).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML"');
    expect(out.includes('display="block"')).toBe(display);
    expect(out).not.toMatch(/\\\(|\\\[|\[\$|\[latex\]/);
  });

  it('keeps the text around the math, and renders several formulas', () => {
    const out = renderMath('a \\(x\\) b [$]y[/$] c');
    expect(out.startsWith('a <span class="katex">')).toBe(true);
    expect(out).toMatch(/<\/span> b <span class="katex">/);
    expect(out.endsWith(' c')).toBe(true);
    expect(mathOf(out)).toEqual(['x', 'y']);
  });

  it('reads math across markup and entities as Anki stores it', () => {
    expect(mathOf(renderMath('[$]a &lt; b<br>+ c[/$]'))).toEqual(['a &lt; b + c']);
  });

  it('leaves no inline style for the CSP to refuse', () => {
    expect(renderMath('\\[\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix} \\boxed{x}\\]')).not.toMatch(/\sstyle=/);
  });

  it('shows math it cannot render as its source, clearly marked', () => {
    const out = renderMath('bad \\(\\frac{1}{\\) end');
    expect(out).toBe('bad <code class="math-fallback" title="This math could not be rendered; its source is shown">\\(\\frac{1}{\\)</code> end');
    expect(renderMath('[$]<script>x</script>\\undefinedmacro[/$]')).toContain('[$]x\\undefinedmacro[/$]</code>');
  });

  it('renders nothing that asks for trust: links and images stay text', () => {
    const out = renderMath('\\(\\href{https://evil.example}{x}\\includegraphics{y}\\)');
    expect(out).not.toMatch(/<a |<img |href=/);
  });

  it('leaves unclosed delimiters and math inside attributes alone', () => {
    expect(renderMath('price [$] 5 and \\( open')).toBe('price [$] 5 and \\( open');
    expect(renderMath('<img alt="\\(x\\)" src="media/a.png">')).toBe('<img alt="\\(x\\)" src="media/a.png">');
    const many = '[$]'.repeat(20_000);
    expect(renderMath(many)).toBe(many);
  });
});

describe('sound', () => {
  it('keeps a sound tag through import when it names a packaged file, under its saved name', () => {
    const resolve = (name: string) => (name === 'word.mp3' ? 'word-1a2b3c4d.mp3' : null);
    expect(sanitizeCardHtml('Hear [sound:word.mp3] and [sound:../../etc/passwd] [sound:other.mp3]', resolve)).toBe('Hear [sound:word-1a2b3c4d.mp3] and');
  });

  it('renders a player that neither autoplays nor preloads', () => {
    const out = renderSounds('Hear [sound:my word.mp3].');
    expect(out).toBe('Hear <audio class="card-sound" controls preload="none" src="media/my%20word.mp3" aria-label="Sound: my word.mp3"></audio>.');
    expect(out).not.toMatch(/autoplay/);
  });

  it('cannot point a player outside the media folder', () => {
    expect(renderSounds('[sound:..]')).toBe('');
    expect(renderSounds('[sound:a/b.mp3]')).toBe('[sound:a/b.mp3]');
    expect(renderSounds('[sound:x"onerror=y.mp3]')).toBe('[sound:x"onerror=y.mp3]');
  });
});

describe('images', () => {
  it('shows images of the collection media, and no others', () => {
    const resolve = (name: string) => (name === 'latex-abc.png' ? 'latex-abc.png' : null);
    expect(sanitizeCardHtml('<img src="latex-abc.png"><img src="http://x/y.png">', resolve)).toBe('<img src="media/latex-abc.png" />');
  });
});
