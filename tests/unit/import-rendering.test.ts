import { describe, expect, it } from 'vitest';
import { renderTemplate, renderCloze, clozeNumbers, answerPart } from '../../electron/core/importing/anki-templates.js';
import { htmlToText, sanitizeCardHtml } from '../../electron/core/text/html-sanitizer.js';
import { zstdDecompress, zstdOutputBound } from '../../electron/core/importing/zstd.js';
import { readMediaList } from '../../electron/core/importing/anki-package.js';
import { concat, protoBytesField, protoVarintField, zstdFrame, zstdRleBomb } from '../fixtures/anki-fixture.js';

const fields = new Map([
  ['Front', 'Q <b>bold</b>'],
  ['Back', 'A'],
  ['Empty', ''],
  ['Blank', ' <br> <div></div> '],
  ['Text', '{{c1::one}} and {{c2::two::hint two}} and {{c1::uno}}'],
]);
const render = (t: string, side: 'front' | 'back' = 'front', extra: object = {}) => renderTemplate(t, { fields, side, ...extra });

describe('Anki templates', () => {
  it('fills fields, special fields and FrontSide', () => {
    expect(render('{{Front}} / {{ Back }}')).toBe('Q <b>bold</b> / A');
    expect(render('{{Missing}}x')).toBe('x');
    expect(render('{{FrontSide}}<hr id=answer>{{Back}}', 'back', { frontSide: 'F' })).toBe('F<hr id=answer>A');
    expect(render('{{Deck}}|{{Subdeck}}|{{Type}}|{{Card}}|{{Tags}}', 'front', { deck: 'A::B', noteType: 'Basic', cardName: 'Card 1', tags: 't1 t2' })).toBe(
      'A::B|B|Basic|Card 1|t1 t2',
    );
  });

  it('renders sections and inverted sections, nested, with Anki’s idea of empty', () => {
    expect(render('{{#Front}}has front{{/Front}}{{#Empty}}no{{/Empty}}{{^Empty}} empty{{/Empty}}')).toBe('has front empty');
    expect(render('{{#Blank}}shown{{/Blank}}{{^Blank}}blank{{/Blank}}')).toBe('blank');
    expect(render('{{#Front}}[{{#Back}}{{Back}}{{/Back}}{{^Empty}}!{{/Empty}}]{{/Front}}')).toBe('[A!]');
    expect(render('{{/Stray}}ok')).toBe('ok');
  });

  it('applies the text, hint and type filters', () => {
    expect(render('{{text:Front}}')).toBe('Q bold');
    expect(render('{{hint:Back}}')).toBe('A');
    // Type-in answers: where to type on the front, the expected text on the back (with the nc/ci variants Anki accepts).
    expect(render('x{{type:Back}}y')).toBe('x<span class="type-answer"></span>y');
    expect(render('{{type:Back}}', 'back')).toBe('<span class="type-answer">A</span>');
    expect(render('{{type:nc:Back}}', 'back')).toBe('<span class="type-answer">A</span>');
    expect(render('{{type:cloze:Text}}', 'front', { cloze: { ord: 1 } })).toBe('<span class="type-answer"></span>');
    expect(render('{{type:cloze:Text}}', 'back', { cloze: { ord: 1 } })).toBe('<span class="type-answer">one, uno</span>');
  });

  it('renders clozes: the active one hidden or revealed, the others as text', () => {
    expect(render('{{cloze:Text}}', 'front', { cloze: { ord: 1 } })).toBe('<span class="cloze">[...]</span> and two and <span class="cloze">[...]</span>');
    expect(render('{{cloze:Text}}', 'front', { cloze: { ord: 2 } })).toBe('one and <span class="cloze">[hint two]</span> and uno');
    expect(render('{{cloze:Text}}', 'back', { cloze: { ord: 2 } })).toBe('one and <span class="cloze">two</span> and uno');
    expect(clozeNumbers(fields.get('Text')!)).toEqual([1, 2]);
    expect(renderCloze('{{c3::std::vector}}', 3, 'front')).toBe('<span class="cloze">[vector]</span>');
  });

  it('takes the answer part of a back that repeats the front', () => {
    expect(answerPart('Q<hr id=answer>A')).toBe('A');
    expect(answerPart('Q<hr id="answer" />A')).toBe('A');
    expect(answerPart('just A')).toBe('just A');
  });
});

describe('HTML sanitising', () => {
  const media = (name: string) => (name === 'ok.png' || name === 'my pic.jpg' ? name : null);
  it('keeps formatting, lists and tables', () => {
    const html = '<b>b</b><i>i</i><u>u</u><ul><li>x</li></ul><ol start="2"><li>y</li></ol><table><tr><td colspan="2">c</td></tr></table><span class="cloze">z</span>';
    expect(sanitizeCardHtml(html, null)).toBe(
      '<b>b</b><i>i</i><u>u</u><ul><li>x</li></ul><ol start="2"><li>y</li></ol><table><tr><td colspan="2">c</td></tr></table><span class="cloze">z</span>',
    );
  });

  it('removes scripts, styles, frames, objects, event handlers, links and unsafe styles', () => {
    const html =
      '<script>alert(1)</script><style>body{}</style><iframe src="x"></iframe><object data="x"></object><embed src="x">' +
      '<div onclick="x()" style="background:url(javascript:alert(1));color:red">d</div><a href="javascript:alert(1)">l</a><svg><script>1</script></svg>' +
      '<p style="background-image: url(http://evil/x.png)">p</p><span class="evil">s</span>';
    expect(sanitizeCardHtml(html, null)).toBe('<div style="color:red">d</div>l<p>p</p><span>s</span>');
  });

  it('keeps images only when they are imported media, pointing at media/', () => {
    const html = '<img src="ok.png" onerror="x()" alt="a"><img src="http://evil/x.png"><img src="https://evil/x.png"><img src="//evil/x.png"><img src="data:image/png;base64,AAAA"><img src="file:///etc/passwd"><img src="missing.png"><img src="my%20pic.jpg">';
    const out = sanitizeCardHtml(html, media);
    expect(out).toMatch(/^<img src="media\/ok\.png" alt="a" ?\/?><img src="media\/my%20pic\.jpg" ?\/?>$/);
    expect(sanitizeCardHtml('<img src="ok.png">', null)).toBe('');
  });

  it('drops Anki sound tags', () => {
    expect(sanitizeCardHtml('Hear [sound:word.mp3] this', null)).toBe('Hear  this');
  });

  it('turns HTML into text', () => {
    expect(htmlToText('<div>a &amp; b</div><div>c<br>d</div>  e&nbsp;f &#x41;&#66;')).toBe('a & b\nc\nd\ne f AB');
  });
});

describe('zstd and protobuf readers', () => {
  it('reads multi-block frames written by the fixture', () => {
    const data = Uint8Array.from({ length: 200_000 }, (_, i) => i % 251);
    const frame = zstdFrame(data);
    expect(zstdOutputBound(frame)).toBe(data.length);
    expect(zstdDecompress(frame, 1_000_000)).toEqual(data);
    expect(() => zstdDecompress(frame, 1000)).toThrow(/would expand/);
  });

  it('bounds frames without a declared size by their blocks', () => {
    expect(zstdOutputBound(zstdRleBomb(3))).toBe(3 * 128 * 1024);
    expect(() => zstdOutputBound(zstdRleBomb(3).subarray(0, 10))).toThrow(/truncated/);
  });

  it('reads the media list in both forms', () => {
    expect(readMediaList('p.apkg', new TextEncoder().encode('{"0": "a.png", "1": "b.mp3"}'), 1e6)).toEqual([
      { name: 'a.png', zipName: '0' },
      { name: 'b.mp3', zipName: '1' },
    ]);
    const entry = (name: string, legacy?: number) =>
      protoBytesField(1, concat([protoBytesField(1, name), protoVarintField(2, 10), protoBytesField(3, new Uint8Array(20)), ...(legacy === undefined ? [] : [protoVarintField(255, legacy)])]));
    const list = zstdFrame(concat([entry('x.png'), entry('y.png'), entry('z.png', 7)]));
    expect(readMediaList('p.apkg', list, 1e6)).toEqual([
      { name: 'x.png', zipName: '0' },
      { name: 'y.png', zipName: '1' },
      { name: 'z.png', zipName: '7' },
    ]);
    expect(() => readMediaList('p.apkg', zstdFrame(Uint8Array.from([0x0a, 0x05, 0x0a])), 1e6)).toThrow(/p\.apkg: entry "media" is not a valid media list/);
  });
});
