// CSV/TSV fields as HTML: Anki's `#html:true` header, the preview's "Fields contain HTML" option, and line breaks of quoted multi-line fields.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../electron/core/importing/csv-import.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const contents = (text: string, options = {}) => parseCsv('notes.csv', bytes(text), options).decks.flatMap((d) => d.cards.map((c) => c.content));

describe('CSV fields as HTML', () => {
  const file = 'front,back\nWhat is <b>bold</b>?,<i>italic</i> back<script>x()</script>\n';

  it('treats fields as text by default, so tags show as typed', () => {
    expect(contents(file)).toEqual([{ kind: 'basic', front: 'What is <b>bold</b>?', back: '<i>italic</i> back<script>x()</script>' }]);
  });

  it('reads them as sanitised HTML with #html:true or the Fields contain HTML option', () => {
    const expected = [{ kind: 'basic', front: 'What is <b>bold</b>?', back: '<i>italic</i> back', html: true }];
    expect(contents(`#html:true\n${file}`)).toEqual(expected);
    expect(contents(file, { html: true })).toEqual(expected);
    expect(contents(`#html:true\n${file}`, { html: false })[0]).not.toHaveProperty('html');
    expect(parseCsv('notes.csv', bytes(file), { html: true }).csv?.html).toBe(true);
  });

  it('keeps the line breaks of a quoted multi-line field', () => {
    expect(contents('front,back\n"line one\nline two",b\n')).toEqual([{ kind: 'basic', front: 'line one\nline two', back: 'b' }]);
  });
});
