import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import type { CardContent } from '../../electron/core/domain/types.js';
import { snapshot } from '../fixtures/db-snapshot.js';
import { databaseOf } from '../helpers/collection-database.js';

let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
});
afterEach(() => c.close());

const buf = (text: string) => Buffer.from(text, 'utf8');
const cards = (deckId: string) =>
  (databaseOf(c).prepare('SELECT key, content, tags, note_key AS noteKey FROM cards WHERE deck_id = ? ORDER BY position').all(deckId) as { key: string; content: string; tags: string; noteKey: string }[]).map(
    (r) => ({ ...r, content: JSON.parse(r.content) as CardContent }),
  );

describe('CSV import', () => {
  it('reads quoted fields with embedded newlines and doubled quotes, UTF-8 with a BOM, and a header row', () => {
    const text = '\uFEFFfront,back,tags\n"What is ""shared""?","Both\nparties",core basics\nPlain,Answer,\n';
    const s = c.runImport('My Deck.csv', buf(text), {});
    expect(s).toMatchObject({ format: 'csv', added: 2, updated: 0, unchanged: 0, skipped: 0, decks: [{ id: 'import-my-deck', title: 'My Deck' }] });
    const rows = cards('import-my-deck');
    expect(rows[0]!.content).toEqual({ kind: 'basic', front: 'What is "shared"?', back: 'Both\nparties' });
    expect(rows[0]!.tags).toBe('core basics');
    expect(rows[0]!.key).toMatch(/^h-[0-9a-f]{16}$/);
    expect(databaseOf(c).prepare('SELECT service_type, origin FROM decks WHERE id = ?').get('import-my-deck')).toEqual({ service_type: 'custom', origin: 'imported' });
  });

  it('reads Windows line endings, inside quoted fields too, and names lines correctly', () => {
    const s = c.runImport('crlf.csv', buf('front,back\r\n"two\r\nlines",b\r\n,skipped\r\n'), {});
    expect(s.added).toBe(1);
    expect(cards('import-crlf')[0]!.content).toMatchObject({ front: 'two\nlines', back: 'b' });
    expect(s.warnings?.[0]).toContain('line 4');
  });

  it('detects semicolons and the absence of a header', () => {
    const p = c.previewImport('semi.csv', buf('Patching the guest OS;The customer patches it\nPhysical security;AWS runs the data centres\n'), {});
    expect(p.csv).toMatchObject({ delimiter: ';', hasHeader: false, rows: 2, mapping: { front: 0, back: 1 } });
    expect(p.cards).toBe(2);
    expect(p.sample[0]).toMatchObject({ front: 'Patching the guest OS', back: 'The customer patches it', html: false });
  });

  it('reads TSV with quoted fields', () => {
    const s = c.runImport('terms.tsv', buf('Front\tBack\n"tab\tinside"\t"line\nbreak"\nIAM\tIdentity and Access Management\n'), {});
    expect(s.added).toBe(2);
    expect(cards('import-terms')[0]!.content).toMatchObject({ front: 'tab\tinside', back: 'line\nbreak' });
  });

  it("follows Anki's header lines: separator, html, tags, columns, deck/tags/guid columns", () => {
    const text = [
      '#separator:Pipe',
      '#html:true',
      '#tags:anki-export extra',
      '#columns:Front|Back|Tags|Deck|GUID',
      '#tags column:3',
      '#deck column:4',
      '#guid column:5',
      '<b>Bold</b><script>alert(1)</script><img src="http://evil/x.png" onerror="x()">|<i style="background:url(x)">back</i>|t1 t2|AWS::IAM|Ab#1',
      'Second|<a href="javascript:alert(1)">link</a>||AWS::IAM|Ab#2',
    ].join('\n');
    const s = c.runImport('anki.txt', buf(text), {});
    expect(s).toMatchObject({ added: 2, decks: [{ id: 'import-aws-iam', title: 'AWS::IAM' }] });
    const [a, b] = cards('import-aws-iam');
    expect(a!.content).toEqual({ kind: 'basic', front: '<b>Bold</b>', back: '<i>back</i>', html: true });
    expect(a!.tags.split(' ').sort()).toEqual(['anki-export', 'extra', 't1', 't2']);
    expect(a!.key).toMatch(/^g-[0-9a-f]{16}$/);
    expect(b!.content).toMatchObject({ back: 'link' });
    // Re-import with a changed front keeps matching by guid.
    const again = c.runImport('anki.txt', buf(text.replace('<b>Bold</b>', '<b>Bolder</b>')), {});
    expect(again).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
  });

  it('maps an owner column to responsibility cards, in any case, and skips unknown owners with a reason', () => {
    const text = 'front,back,owner\nPatch the guest OS,The customer manages the OS,Customer\nHypervisor,AWS runs it,AWS\nConfig,Both,shared\nOdd one,?,maybe\n';
    const s = c.runImport('owners.csv', buf(text), {});
    expect(s).toMatchObject({ added: 3, skipped: 1, skippedReasons: [{ reason: 'owner is not aws, customer or shared', count: 1 }] });
    expect(cards('import-owners').map((r) => r.content)).toEqual([
      { kind: 'responsibility', prompt: 'Patch the guest OS', owner: 'customer', explanation: 'The customer manages the OS' },
      { kind: 'responsibility', prompt: 'Hypervisor', owner: 'aws', explanation: 'AWS runs it' },
      { kind: 'responsibility', prompt: 'Config', owner: 'shared', explanation: 'Both' },
    ]);
    expect(databaseOf(c).prepare("SELECT owner FROM cards WHERE deck_id = 'import-owners' ORDER BY position").pluck().all()).toEqual(['customer', 'aws', 'shared']);
  });

  it('finds an unnamed owner column by its values', () => {
    const p = c.previewImport('o.csv', buf('Guest OS,Customer job,customer\nFacilities,AWS job,aws\n'), {});
    expect(p.csv?.mapping).toMatchObject({ front: 0, back: 1, owner: 2 });
    expect(p.sample[0]).toMatchObject({ kind: 'responsibility', owner: 'customer' });
  });

  it('skips rows with an empty front and repeated fronts, saying why', () => {
    const s = c.runImport('gaps.csv', buf('front,back\n,orphan back\nA,1\n  ,x\nA,2\nB,3\n'), {});
    expect(s).toMatchObject({ added: 2, skipped: 3 });
    expect(s.skippedReasons).toEqual([
      { reason: 'empty front', count: 2 },
      { reason: 'duplicate front', count: 1 },
    ]);
    expect(s.warnings?.[0]).toContain('line 2');
  });

  it('names the line of a malformed row and leaves the database untouched', () => {
    c.runImport('good.csv', buf('front,back\nA,1\n'), {});
    const before = snapshot(databaseOf(c));
    const bad = 'front,back\nA,1\nB,"never closed\nC,3\n';
    expect(() => c.runImport('bad.csv', buf(bad), {})).toThrow(/bad\.csv: line 3: .*unterminated quote/);
    expect(() => c.runImport('bad2.csv', buf('front,back\nA,"x"y\n'), {})).toThrow(/bad2\.csv: line 2: .*quote/);
    expect(snapshot(databaseOf(c))).toEqual(before);
  });

  it('re-imports without adding anything twice', () => {
    const text = 'front,back\nA,1\nB,2\n';
    c.runImport('deck.csv', buf(text), {});
    const s = c.runImport('deck.csv', buf(text), {});
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const changed = c.runImport('deck.csv', buf('front,back\nA,one\nB,2\nC,3\n'), {});
    expect(changed).toMatchObject({ added: 1, updated: 1, unchanged: 1 });
    expect(databaseOf(c).prepare('SELECT count(*) FROM cards').pluck().get()).toBe(3);
  });

  it('uses the deck name option, mapping overrides and a header override', () => {
    const s = c.runImport('x.csv', buf('q1,a1,tagged\nq2,a2,\n'), { deckName: 'Chosen Name', hasHeader: false, mapping: { front: 1, back: 0, tags: 2 } });
    expect(s.decks).toEqual([{ id: 'import-chosen-name', title: 'Chosen Name' }]);
    expect(cards('import-chosen-name')[0]).toMatchObject({ content: { front: 'a1', back: 'q1' }, tags: 'tagged' });
  });

  it('turns cloze rows into one card per cloze number', () => {
    const s = c.runImport('cloze.csv', buf('#notetype:Cloze\n#columns:Text,Back Extra\n"{{c1::AWS}} secures the {{c2::hypervisor::layer}}",From the model\n'), {});
    expect(s.added).toBe(2);
    const [one, two] = cards('import-cloze');
    expect(one!.content).toMatchObject({ front: '<span class="cloze">[...]</span> secures the hypervisor', html: true });
    expect(two!.content).toMatchObject({ front: 'AWS secures the <span class="cloze">[layer]</span>' });
    expect((two!.content as { back: string }).back).toContain('<span class="cloze">hypervisor</span>');
    expect(one!.noteKey).toBe(two!.noteKey);
  });

  it('previews without writing', () => {
    const before = snapshot(databaseOf(c));
    const p = c.previewImport('p.csv', buf('front,back\nA,1\n,2\n'), {});
    expect(p).toMatchObject({ format: 'csv', cards: 1, decks: [{ id: 'import-p', title: 'P'.toLowerCase(), cards: 1 }], skipped: [{ reason: 'empty front', count: 1 }] });
    expect(snapshot(databaseOf(c))).toEqual(before);
  });

  it('reads files that are not UTF-8 as Windows-1252, with a warning', () => {
    const latin = Buffer.from([...Buffer.from('front,back\nCaf'), 0xe9, ...Buffer.from(',coffee\n')]);
    const p = c.previewImport('latin.csv', latin, {});
    expect(p.sample[0]!.front).toBe('Café');
    expect(p.warnings[0]).toMatch(/not valid UTF-8/);
  });

  // A file of 50,000 rows: tests/unit/import-csv-large.test.ts (a long proof, run by `npm test`, not `test:fast`).
});
