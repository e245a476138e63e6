import { describe, expect, it } from 'vitest';
import { scopeCardCss } from '../../electron/core/text/card-css.js';

const media = (name: string) => (name === 'font.woff2' || name === 'bg.png' ? name : null);

describe('note-type CSS scoped to the card', () => {
  it('keeps ordinary rules inside the card, with Anki\'s .card, html, body and :root as the card itself', () => {
    const { css, classes } = scopeCardCss(
      `.card { font-family: serif; color: navy; }
       html body .card .front { font-size: 30px; }
       :root { --x: 1; background: white; }
       .card.nightMode, b:hover > i { color: red }
       @media (max-width: 600px) { .hint { display: none } }
       .bg { background-image: url("bg.png"); }`,
      media,
    );
    expect(css).toBe(
      [
        '.card-css { font-family: serif; color: navy; }',
        '       .card-css .front { font-size: 30px; }',
        '       .card-css { background: white; }',
        '       .card-css.nightMode, .card-css b:hover > i { color: red }',
        '       @media (max-width: 600px) { .card-css .hint { display: none } }',
        '       .card-css .bg { background-image: url("media/bg.png"); }',
      ].join('\n'),
    );
    expect(classes.sort()).toEqual(['bg', 'front', 'hint', 'nightMode']);
    // Scoping again (a synced card's CSS is) changes nothing.
    expect(scopeCardCss(css, media).css).toBe(css);
  });

  it('drops what reaches outside the card or loads anything: hostile CSS', () => {
    const hostile = `
      @import url("https://evil.example/x.css");
      @import "local.css";
      @font-face { font-family: x; src: url(font.woff2); }
      @keyframes spin { from { color: red } }
      @namespace svg url(http://www.w3.org/2000/svg);
      @layer app { .x { color: red } }
      @media screen { @import "y.css"; body { position: fixed; top: 0 } }
      .overlay { position: fixed; inset: 0; z-index: 99999; }
      .a { background: url(https://evil.example/track.png); }
      .b { background: url("javascript:alert(1)"); }
      .c { background: url(../../collection.db); }
      .d { background: url(data:image/png;base64,AAAA); }
      .e { background: image-set("https://evil.example/a.png" 1x); }
      .f { width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(x.xml#y); }
      .g { background: u\\72l(https://evil.example/escaped.png); }
      ~ .sibling { color: red; }
      + * { color: red; }
      .h { & .i { color: red } }
      .j { color: green; }
      .k { posit\\69on: fixed; color: blue; }
    `;
    const { css } = scopeCardCss(hostile, media);
    expect(css).not.toMatch(/@import|@font-face|@keyframes|@namespace|@layer|evil|javascript|expression|behavior|binding|collection\.db|data:|fixed|image-set|script|\\\\|~|\+/i);
    expect(css).toContain('.card-css .j { color: green; }');
    expect(css).toContain('.card-css .overlay { inset: 0; z-index: 99999; }');
    expect(css).toContain('.card-css .k { color: blue; }');
    // Every selector starts at the card's scope.
    for (const line of css.split('\n')) if (line.includes('{') && !line.trim().startsWith('@')) expect(line.trim()).toMatch(/^\.card-css/);
  });

  it('gives nothing for CSS it cannot parse, for too long a sheet, and without media no url() at all', () => {
    expect(scopeCardCss('.a { color: red', media).css).toBe('');
    expect(scopeCardCss('}}}{{{', media).css).toBe('');
    expect(scopeCardCss('.a { color: red } </style><script>alert(1)</script>', media).css).toBe('');
    expect(scopeCardCss(`.a { color: red } ${' '.repeat(100_001)}`, media).css).toBe('');
    expect(scopeCardCss('.bg { background: url(bg.png); color: red }', null).css).toBe('.card-css .bg { color: red }');
  });
});
