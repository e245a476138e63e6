// Text transforms of imported content on pathological input: long runs of
// openers with no closer, which made the old regexes quadratic (a 47 KB run
// of "<" through {{text:Front}} took hours). Each case here is a megabyte or
// more; a quadratic transform would run for hours and hit the test timeout.
// Where the linear code replaces a regex, a property checks it finds the
// same matches on random short inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerPart, clozeNumbers, parseTemplate, renderCloze, renderTemplate } from '../../electron/core/importing/anki-templates.js';
import { htmlToText, sanitizeCardHtml } from '../../electron/core/text/html-sanitizer.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

const propertyRuns = fuzzRuns(200);
const size = 1_000_000;
const runs = (unit: string) => unit.repeat(Math.ceil(size / unit.length));

const pathological = [
  runs('<'),
  runs('<a'),
  runs('<div '),
  runs('<img alt="'),
  runs('<script>'),
  runs('</script'),
  runs('{{'),
  runs('{{c1::'),
  runs('[sound:'),
  runs('<hr '),
  runs('&nbsp;'),
  runs('a['),
  `${runs(' ')}x`,
];

const fields = (front: string) => new Map([['Front', front], ['Back', 'b']]);

describe('text transforms stay linear on pathological input', () => {
  it.each(pathological.map((text, i) => [i, text.slice(0, 12), text] as const))('case %i (%s…)', (_i, _head, text) => {
    expect(typeof htmlToText(text)).toBe('string');
    expect(typeof renderTemplate('{{text:Front}}', { fields: fields(text), side: 'front' })).toBe('string');
    expect(typeof renderTemplate('{{furigana:Front}}{{kana:Front}}', { fields: fields(text), side: 'front' })).toBe('string');
    expect(typeof renderCloze(text, 1, 'front')).toBe('string');
    expect(clozeNumbers(text).length).toBeLessThan(2);
    expect(parseTemplate(text).length).toBeLessThan(3);
    expect(typeof answerPart(text)).toBe('string');
    expect(typeof sanitizeCardHtml(text.slice(0, 200_000), () => null)).toBe('string');
  }, 30_000);
});

// The regexes the linear code replaced, as the reference for what they match.
const oldCloze = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g;
function oldRenderCloze(text: string, ord: number, side: 'front' | 'back'): string {
  return text.replace(oldCloze, (_w, num: string, answer: string, hint: string | undefined) => {
    if (Number(num) !== ord) return answer;
    if (side === 'front') return `<span class="cloze">[${hint ? hint : '...'}]</span>`;
    return `<span class="cloze">${answer}</span>`;
  });
}
function oldAnswerPart(back: string): string {
  const m = /<hr[^>]*\bid\s*=\s*["']?answer["']?[^>]*>/i.exec(back);
  return m ? back.slice(m.index + m[0].length) : back;
}
function oldTagCount(template: string): number {
  return [...template.matchAll(/\{\{([\s\S]*?)\}\}/g)].length;
}

const tricky = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((parts) => parts.join(''));

describe('the linear scanners match what the old regexes matched', () => {
  it('cloze deletions', () => {
    fc.assert(
      fc.property(tricky(['{{', '}}', 'c', '1', '2', '::', ':', 'x', ' ']), fc.constantFrom(1, 2), fc.constantFrom('front' as const, 'back' as const), (text, ord, side) => {
        expect(renderCloze(text, ord, side)).toBe(oldRenderCloze(text, ord, side));
      }),
      { numRuns: propertyRuns * 5, seed: 13 },
    );
  });

  it('the answer part after <hr id=answer>', () => {
    fc.assert(
      fc.property(tricky(['<hr', '<HR', ' id=answer', ' id="answer"', '>', 'x', '<', ' ']), (text) => {
        expect(answerPart(text)).toBe(oldAnswerPart(text));
      }),
      { numRuns: propertyRuns * 5, seed: 13 },
    );
  });

  it('template tags', () => {
    fc.assert(
      fc.property(tricky(['{{', '}}', '{', '}', 'Front', '#', '/', ' ']), (text) => {
        const count = (nodes: ReturnType<typeof parseTemplate>): number =>
          nodes.reduce((n, node) => n + (node.type === 'var' ? 1 : node.type === 'section' ? 1 + count(node.children) : 0), 0);
        // Closing and comment tags leave no node: count only the tags that make one.
        const tags = [...text.matchAll(/\{\{([\s\S]*?)\}\}/g)].filter((m) => !['/', '!'].includes(m[1]!.trim()[0] ?? '')).length;
        expect(count(parseTemplate(text))).toBe(tags);
        expect(oldTagCount(text)).toBeGreaterThanOrEqual(tags);
      }),
      { numRuns: propertyRuns * 5, seed: 13 },
    );
  });
});
