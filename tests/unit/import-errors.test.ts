import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { importLimits } from '../../electron/core/importing/import-limits.js';
import { buildCollection, buildPackage, forgeDeclaredSizes, zstdFrame, zstdRleBomb } from '../fixtures/anki-fixture.js';
import { scenario } from '../fixtures/anki-scenario.js';
import { snapshot } from '../fixtures/db-snapshot.js';
import { expectImportRefused } from '../helpers/import-refusal.js';
import { databaseOf } from '../helpers/collection-database.js';

let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => Date.UTC(2025, 0, 15, 12) });
  // Something to protect: a deck, its cards and a review.
  c.runImport('existing.csv', Buffer.from('front,back\nA,1\nB,2\n'), {});
  const id = databaseOf(c).prepare('SELECT id FROM cards LIMIT 1').pluck().get() as number;
  c.answer({ cardId: id, grade: 3, durationMs: 4000 });
});
afterEach(() => c.close());

const expectRefused = (fileName: string, bytes: Uint8Array, code: string, message: RegExp) => expectImportRefused(c, fileName, bytes, code, message);

const goodPackage = () => buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11) } });
const text = (s: string) => new TextEncoder().encode(s);

describe('malformed files are refused with a clear error and no change', () => {
  it('Demarc JSON: invalid JSON', () => expectRefused('deck.json', text('{"format": "demarc-deck/1", '), ErrorCode.invalidFile, /not valid JSON/));

  it('Demarc JSON: wrong schema', () =>
    expectRefused(
      'deck.json',
      text(JSON.stringify({ format: 'demarc-deck/1', id: 'x', title: 'X', serviceType: 'iaas', description: 'd', cards: [{ id: 'a', kind: 'basic', front: 'f', source: 's' }] })),
      ErrorCode.invalidFile,
      /card 1 has no "back"/,
    ));

  it('Demarc JSON: not a deck at all', () => expectRefused('other.json', text('{"hello": 1}'), ErrorCode.invalidFile, /not a Demarc deck/));

  it('CSV: unterminated quote', () => expectRefused('bad.csv', text('front,back\nok,1\n"never closed,2\n'), ErrorCode.invalidFile, /line 3/));

  it('apkg: not a zip', () => expectRefused('deck.apkg', text('this is not a zip'), ErrorCode.invalidFile, /not a zip archive/));

  it('apkg: truncated zip', () => {
    const zip = goodPackage();
    expectRefused('deck.apkg', zip.subarray(0, Math.floor(zip.length / 2)), ErrorCode.invalidFile, /damaged or truncated/);
  });

  it('apkg: no collection inside', () => expectRefused('deck.apkg', zipSync({ 'readme.txt': text('hi') }), ErrorCode.invalidFile, /no Anki collection/));

  it('apkg: SQLite file with missing tables', () => {
    const db = openSqliteFile(':memory:');
    db.exec('CREATE TABLE col (id integer primary key, models text, decks text)');
    const bytes = new Uint8Array(db.serialize());
    db.close();
    expectRefused('deck.apkg', zipSync({ 'collection.anki21': bytes }), ErrorCode.invalidFile, /collection\.anki21: not an Anki collection \(table "notes" is missing\)/);
  });

  it('apkg: collection that is not SQLite', () =>
    expectRefused('deck.apkg', zipSync({ 'collection.anki2': text('SQLite? no.'.repeat(20)) }), ErrorCode.invalidFile, /collection\.anki2: not an SQLite database/));

  it('apkg: damaged SQLite pages', () => {
    const bytes = buildCollection(scenario, 11);
    const damaged = new Uint8Array(bytes);
    damaged.fill(0xab, 120, damaged.length);
    expectRefused('deck.apkg', zipSync({ 'collection.anki21': damaged }), ErrorCode.invalidFile, /collection\.anki21/);
  });

  it('apkg: note types that are not JSON', () => {
    const db = openSqliteFile(Buffer.from(buildCollection(scenario, 11)));
    db.prepare("UPDATE col SET models = '{not json'").run();
    const bytes = new Uint8Array(db.serialize());
    db.close();
    expectRefused('deck.apkg', zipSync({ 'collection.anki21': bytes }), ErrorCode.invalidFile, /col\.models is not valid JSON/);
  });

  it('apkg: anki21b that is not zstd', () =>
    expectRefused('deck.apkg', zipSync({ 'collection.anki21b': buildCollection(scenario, 18) }), ErrorCode.invalidFile, /collection\.anki21b" is not valid zstd/));

  it('apkg: entry names that climb out of a folder', () => {
    for (const name of ['../evil.txt', '/etc/passwd', 'a\\b.txt', 'C:evil.txt', 'media/../../x']) {
      const zip = zipSync({ 'collection.anki21': buildCollection(scenario, 11), [name]: text('x') });
      expectRefused('deck.apkg', zip, ErrorCode.invalidFile, /unsafe name/);
    }
  });

  it('apkg: media names that climb out of the media folder', () => {
    const zip = zipSync({ 'collection.anki21': buildCollection(scenario, 11), media: text('{"0": "../../evil.png"}'), '0': text('x') });
    expectRefused('deck.apkg', zip, ErrorCode.invalidFile, /media file "\.\.\/\.\.\/evil\.png" has an unsafe name/);
  });

  it('apkg: zip bomb by declared total size', () => {
    const zip = forgeDeclaredSizes(goodPackage(), 0x7fff_ffff);
    expectRefused('deck.apkg', zip, ErrorCode.fileTooLarge, /would expand to more than 1024 MiB/);
  });

  it('apkg: zip bomb by compression ratio', () => {
    const zip = zipSync({ 'collection.anki21': buildCollection(scenario, 11), 'bomb.bin': new Uint8Array(1024) }, { level: 9 });
    const forged = forgeDeclaredSizes(zip, 500 * 1024 * 1024, 'bomb.bin');
    expectRefused('deck.apkg', forged, ErrorCode.fileTooLarge, /entry "bomb\.bin" would expand .* zip bomb/);
  });

  it('apkg: more entries than allowed', () => {
    const files: Record<string, Uint8Array> = { 'collection.anki21': buildCollection(scenario, 11) };
    for (let i = 0; i <= importLimits.maxZipEntries; i++) files[String(i)] = new Uint8Array(0);
    expectRefused('deck.apkg', zipSync(files, { level: 0 }), ErrorCode.invalidFile, /more than 10000 entries/);
  });

  it('apkg: a zstd stream that would expand past the limit', () => {
    // 9,000 RLE blocks of 128 KiB: about 36 KiB that would become 1.1 GiB.
    const zip = zipSync({ 'collection.anki21b': zstdRleBomb(9000) });
    expectRefused('deck.apkg', zip, ErrorCode.fileTooLarge, /would expand/);
  });

  it('apkg: a damaged entry whose inflated size differs from the declared one', () => {
    const zip = forgeDeclaredSizes(goodPackage(), 4096, 'collection.anki21');
    expectRefused('deck.apkg', zip, ErrorCode.invalidFile, /entry "collection\.anki21" is damaged/);
  });

  it('any format: over the size limit', () => {
    const before = snapshot(databaseOf(c));
    const big = Buffer.alloc(importLimits.maxFileBytes + 1);
    expect(() => c.runImport('huge.csv', big, {})).toThrow(expect.objectContaining({ code: ErrorCode.fileTooLarge }));
    expect(snapshot(databaseOf(c))).toEqual(before);
  });

  it('a database failure midway rolls everything back', () => {
    const before = snapshot(databaseOf(c));
    // A trigger that fails on the third inserted card makes the write fail after two cards went in.
    databaseOf(c).exec("CREATE TEMP TRIGGER fail_third AFTER INSERT ON cards WHEN (SELECT count(*) FROM cards) >= 5 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    expect(() => c.runImport('more.csv', Buffer.from('front,back\nC,3\nD,4\nE,5\nF,6\n'), {})).toThrow(/disk on fire/);
    expect(snapshot(databaseOf(c))).toEqual(before);
    databaseOf(c).exec('DROP TRIGGER fail_third');
  });

  it('a zstd frame of the package format reads back (sanity check of the fixture writer)', () => {
    const zip = buildPackage({ entries: { 'collection.anki21b': zstdFrame(buildCollection(scenario, 18)) } });
    expect(c.runImport('ok.apkg', Buffer.from(zip), {}).added).toBe(5);
  });
});
