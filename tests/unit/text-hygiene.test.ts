import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { Collection } from '../../electron/core/collection.js';
import { cleanText, needsCleaning } from '../../electron/core/domain/text-hygiene.js';
import type { CardContent } from '../../electron/core/domain/types.js';
import { databaseOf } from '../helpers/collection-database.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';
import { anyCodePoint } from '../helpers/any-code-point.js';

describe('the text rule (domain/text-hygiene.ts)', () => {
  it.each([
    ['plain text', 'Who patches the guest OS?', 'Who patches the guest OS?'],
    ['tab, line feed and carriage return stay', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['NUL', 'guest\u0000 OS', 'guest OS'],
    ['only NULs', '\u0000\u0000\u0000', ''],
    ['other C0 controls', 'bell\u0007 escape\u001b[31m', 'bell escape[31m'],
    ['DEL and C1 controls', 'a\u007fb\u0085c\u009f', 'abc'],
    ['a bidirectional override', 'evil\u202Egnp.js', 'evilgnp.js'],
    ['embeddings and isolates', '\u202Aa\u202B\u202Cb\u2066c\u2067\u2068\u2069', 'abc'],
    ['the marks right-to-left text needs stay', 'שלום\u200F AWS\u200E \u061C', 'שלום\u200F AWS\u200E \u061C'],
    ['half a surrogate pair', 'x\uD800y\uDC00', 'x\uFFFDy\uFFFD'],
    ['whole pairs stay', 'ok 😀', 'ok 😀'],
  ])('%s', (_, input, output) => {
    expect(cleanText(input)).toBe(output);
    expect(needsCleaning(input)).toBe(input !== output);
  });

  it('is idempotent, and leaves what needs nothing exactly as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyCodePoint, maxLength: 200 }), (text) => {
        const once = cleanText(text);
        expect(cleanText(once)).toBe(once);
        expect(needsCleaning(once)).toBe(false);
        if (!needsCleaning(text)) expect(once).toBe(text);
      }),
      // 100 cases in `npm test` (was 500, most of this file's time), DEMARC_FUZZ_RUNS under `npm run fuzz`: the seed is
      // fixed, so these are the first cases of the long run, and the rule is checked case by case.
      { seed: 27, numRuns: fuzzRuns(100) },
    );
  });
});

describe('NUL and other non-text characters in a CSV file', () => {
  let c: Collection;
  beforeEach(() => {
    c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
  });
  afterEach(() => c.close());

  const cards = (deckId: string) =>
    (databaseOf(c).prepare('SELECT content, tags FROM cards WHERE deck_id = ? ORDER BY position').all(deckId) as { content: string; tags: string }[]).map((r) => ({
      content: JSON.parse(r.content) as CardContent,
      tags: r.tags,
    }));

  it('are removed from every field, and a front of three NULs is skipped as empty, saying so', () => {
    const text = [
      'front,back,tags',
      '\u0000\u0000\u0000,a back for an empty front,t',
      'Who\u0000 patches the guest OS?,The cus\u0000tomer,nul\u0000tag',
      'Who runs the \u202Ehypervisor?,AWS\u0007,bidi\u2066tag',
      'Plain,Answer,',
    ].join('\n');
    const summary = c.runImport('nul.csv', Buffer.from(text, 'utf8'), {});
    expect(summary).toMatchObject({ added: 3, skipped: 1 });
    expect(summary.warnings).toEqual(
      expect.arrayContaining([
        'nul.csv: line 2: skipped, the front is empty (it held only characters that are not text, such as NUL).',
        expect.stringMatching(/^nul\.csv: characters that are not text \(NUL, other control characters or bidirectional overrides\) were removed from 7 fields, first on line 2\.$/),
      ]),
    );
    const stored = cards('import-nul');
    expect(stored.map((s) => s.content)).toEqual([
      { kind: 'basic', front: 'Who patches the guest OS?', back: 'The customer' },
      { kind: 'basic', front: 'Who runs the hypervisor?', back: 'AWS' },
      { kind: 'basic', front: 'Plain', back: 'Answer' },
    ]);
    expect(stored.map((s) => s.tags)).toEqual(['nultag', 'biditag', '']);
    // Nothing stored anywhere holds a NUL.
    const withNul = databaseOf(c).prepare("SELECT count(*) FROM cards WHERE instr(content, char(0)) > 0 OR instr(tags, char(0)) > 0").pluck().get();
    expect(withNul).toBe(0);
  });

  it('are removed from the deck name and tags of the header lines, and from column names, but a control character may still separate fields', () => {
    const text = ['#separator:\u001f', '#deck:Evil\u0000 \u202Edeck', '#tags:from\u0000file', '#columns:Front\u0000\u001fBack', 'Who patches the guest OS?\u001fThe customer'].join('\n');
    const preview = c.previewImport('header.txt', Buffer.from(text, 'utf8'), {});
    expect(preview.csv).toMatchObject({ delimiter: '\u001f', columns: ['Front', 'Back'] });
    const summary = c.runImport('header.txt', Buffer.from(text, 'utf8'), {});
    expect(summary.added).toBe(1);
    expect(summary.decks).toEqual([expect.objectContaining({ title: 'Evil deck' })]);
    expect(cards(summary.decks[0]!.id)[0]).toEqual({ content: { kind: 'basic', front: 'Who patches the guest OS?', back: 'The customer' }, tags: 'fromfile' });
  });
});

describe('the same rule on API calls', () => {
  it('cleans card text, options, tags and titles the editor sends, and refuses a title of NULs', async () => {
    const c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
    try {
      const dispatcher = createDispatcher(createHandlers({ collection: c, appVersion: 'test', transport: 'ipc' }));
      expect(await dispatcher.dispatch('decks.create', { title: '\u0000\u0000\u0000' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      const deck = await dispatcher.dispatch('decks.create', { title: 'My\u0000 \u202Edeck' });
      expect(deck.ok).toBe(true);
      const deckId = (deck as { value: { deckId: string } }).value.deckId;
      expect(c.decks().find((d) => d.id === deckId)?.title).toBe('My deck');
      const added = await dispatcher.dispatch('cards.add', {
        deckId,
        note: { type: 'basic', front: 'Who\u0000 patches\u0007 the guest OS?', back: 'The \u202Ecustomer' },
        tags: ['nul\u0000tag'],
      });
      expect(added.ok).toBe(true);
      const choice = await dispatcher.dispatch('cards.add', {
        deckId,
        note: { type: 'choice', question: 'Which\u0000?', options: ['A\u0000', 'B\u2066'], answer: [0], explanation: '' },
        tags: [],
      });
      expect(choice.ok).toBe(true);
      const stored = databaseOf(c).prepare('SELECT content, tags FROM cards WHERE deck_id = ? ORDER BY id').all(deckId) as { content: string; tags: string }[];
      expect(stored.map((r) => JSON.parse(r.content) as CardContent)).toEqual([
        expect.objectContaining({ front: 'Who patches the guest OS?', back: 'The customer' }),
        expect.objectContaining({ question: 'Which?', options: ['A', 'B'] }),
      ]);
      expect(stored[0]!.tags).toBe('nultag');
    } finally {
      c.close();
    }
  });
});
