import { describe, expect, it } from 'vitest';
import { asksTypedAnswer, compareTyped, expectedAnswer } from '../../renderer/src/routes/review/typed-answer.js';
import { renderTemplate } from '../../electron/core/importing/anki-templates.js';
import { sanitizeCardHtml } from '../../electron/core/text/html-sanitizer.js';

describe('type-in answers', () => {
  const fields = new Map([
    ['Country', 'France'],
    ['Capital', 'Paris &amp; <b>Île</b>'],
  ]);
  const front = sanitizeCardHtml(renderTemplate('Capital of {{Country}}?{{type:Capital}}', { fields, side: 'front' }), null);
  const back = sanitizeCardHtml(renderTemplate('{{FrontSide}}<hr id=answer>{{type:Capital}}', { fields, side: 'back', frontSide: front }), null);

  it('survive sanitising: an empty box on the front, the expected text on the back', () => {
    expect(front).toBe('Capital of France?<span class="type-answer"></span>');
    expect(asksTypedAnswer(front)).toBe(true);
    expect(asksTypedAnswer('plain <span class="cloze">x</span>')).toBe(false);
    expect(expectedAnswer(back)).toBe('Paris & Île');
    expect(expectedAnswer('<p>no box</p>')).toBeNull();
  });

  it('compares character by character, as Anki shows it', () => {
    expect(compareTyped('  Paris & Île ', 'Paris & Île')).toEqual({ exact: true, typed: [{ text: 'Paris & Île', kind: 'good' }], expected: [] });
    expect(compareTyped('Pari & Ile', 'Paris & Île')).toEqual({
      exact: false,
      typed: [
        { text: 'Pari & ', kind: 'good' },
        { text: 'I', kind: 'bad' },
        { text: 'le', kind: 'good' },
      ],
      expected: [
        { text: 'Pari', kind: 'good' },
        { text: 's', kind: 'missed' },
        { text: ' & ', kind: 'good' },
        { text: 'Î', kind: 'missed' },
        { text: 'le', kind: 'good' },
      ],
    });
    expect(compareTyped('', 'Paris')).toEqual({ exact: false, typed: [], expected: [{ text: 'Paris', kind: 'missed' }] });
    // Long texts are compared whole, never with a table of their lengths' product.
    const long = 'x'.repeat(5000);
    expect(compareTyped(long, `${long}y`)).toMatchObject({ exact: false, expected: [{ kind: 'missed' }] });
  });
});
