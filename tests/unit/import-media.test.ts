// Media from imported packages: only files a card uses are read and kept,
// within a per-file, per-import and media-folder budget, under normalised
// names; and a refused import leaves nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { normaliseMediaName } from '../../electron/core/importing/media-names.js';
import { buildCollection, buildPackage, forgeDeclaredSizes } from '../fixtures/anki-fixture.js';
import { tinyPng } from '../fixtures/media-bytes.js';
import { dumpTables, fileHash, tempDir } from '../helpers/test-collection.js';

const mib = 1024 * 1024;
let c: Collection | null = null;
afterEach(() => {
  c?.close();
  c = null;
});

function mediaPackage(front: string, media: { name: string; data: Uint8Array }[]): Buffer {
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{Back}}' }] }],
      decks: [{ id: 7, name: 'Media' }],
      notes: [{ id: 1, guid: 'm1', mid: 1, fields: [front, 'back'] }],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection }, media }));
}

function fileCollection(): { file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'c.sqlite');
  c = Collection.open({ file });
  return { file, dir };
}

const listDir = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

describe('imported media', () => {
  it('keeps only the files a card uses: a package of 32 unused 1 MiB files writes nothing (the disk flood)', () => {
    const { dir } = fileCollection();
    // 1 MiB each, just at the size where the zip ratio check begins: the package is small, its media 32 MiB (the attack had 950).
    const flood = Array.from({ length: 32 }, (_, i) => ({ name: `junk${i}.png`, data: new Uint8Array(mib) }));
    const pkg = mediaPackage('A card<img src="used.png">', [...flood, { name: 'used.png', data: tinyPng }]);
    expect(pkg.length).toBeLessThan(2 * mib);
    const summary = c!.runImport('flood.apkg', pkg, {});
    expect(summary).toMatchObject({ added: 1, media: 1 });
    expect(listDir(path.join(dir, 'media'))).toEqual(['used.png']);
  });

  it('refuses a package whose cards use more media than one import may bring, writing nothing', () => {
    const { dir } = fileCollection();
    const before = dumpTables(databaseOf(c!));
    // 257 media entries that declare 1 MiB each (the ratio check starts above 1 MiB): refused on the declared sizes, before inflating.
    const heavy = Array.from({ length: 257 }, (_, i) => ({ name: `big${i}.png`, data: tinyPng }));
    let pkg = mediaPackage(heavy.map((m) => `<img src="${m.name}">`).join(''), heavy);
    for (let i = 0; i < heavy.length; i++) pkg = Buffer.from(forgeDeclaredSizes(pkg, mib, String(i)));
    expect(() => c!.runImport('heavy.apkg', pkg, {})).toThrow(
      expect.objectContaining({ code: ErrorCode.fileTooLarge, message: expect.stringMatching(/^heavy\.apkg: its cards use 257 MiB of media; one import may bring at most 256 MiB/) }),
    );
    expect(dumpTables(databaseOf(c!))).toEqual(before);
    expect(listDir(path.join(dir, 'media'))).toEqual([]);
    expect(listDir(path.join(dir, 'backups'))).toEqual([]);
  });

  it('saves media under normalised names and points the cards at them', () => {
    const { dir } = fileCollection();
    const names = ['CON.png', 'evil\u202Egnp.js.png', 'what?<b>.png'];
    const pkg = mediaPackage(names.map((n) => `<img src="${n}">`).join(''), names.map((name) => ({ name, data: tinyPng })));
    c!.runImport('names.apkg', pkg, {});
    expect(listDir(path.join(dir, 'media'))).toEqual(['_CON.png', 'evilgnp.js.png', 'what__b_.png']);
    const front = JSON.parse(databaseOf(c!).prepare('SELECT content FROM cards').pluck().get() as string).front as string;
    expect(front).toBe('<img src="media/_CON.png" /><img src="media/evilgnp.js.png" /><img src="media/what__b_.png" />');
  });

  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['nul', '_nul'],
    ['Lpt1.txt.png', '_Lpt1.txt.png'],
    ['COM¹.png', '_COM¹.png'],
    ['..png', 'png'],
    ['trailing. . ', 'trailing'],
    ['tab\there.png', 'tabhere.png'],
    ['\u2066rtl\u2069.png', 'rtl.png'],
    ['e\u0301.png', 'é.png'],
    ['', 'media'],
  ])('normalises %j to %j', (name, expected) => {
    expect(normaliseMediaName(name)).toBe(expected);
  });
});

describe('a refused import leaves nothing behind', () => {
  it('refused for DATABASE_LOCKED: no media, no backup, no temporary file, the collection file byte for byte as before', () => {
    const { file, dir } = fileCollection();
    c!.runImport('existing.csv', Buffer.from('front,back\nA,1\n'), {});
    databaseOf(c!).pragma('wal_checkpoint(TRUNCATE)');
    const backupsBefore = listDir(path.join(dir, 'backups'));
    const rowsBefore = dumpTables(databaseOf(c!));
    const filesBefore = { main: fileHash(file), wal: fs.statSync(`${file}-wal`).size };
    const other = openSqliteFile(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const pkg = mediaPackage('Locked out<img src="a.png"><img src="b.png">', [
        { name: 'a.png', data: tinyPng },
        { name: 'b.png', data: Uint8Array.from([...tinyPng, 1]) },
      ]);
      expect(() => c!.runImport('locked.apkg', pkg, {})).toThrow(/locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(listDir(path.join(dir, 'media'))).toEqual([]);
    expect(listDir(path.join(dir, 'backups'))).toEqual(backupsBefore);
    expect(listDir(dir).filter((name) => !['c.sqlite', 'c.sqlite-wal', 'c.sqlite-shm', 'backups'].includes(name))).toEqual([]);
    expect(dumpTables(databaseOf(c!))).toEqual(rowsBefore);
    expect({ main: fileHash(file), wal: fs.statSync(`${file}-wal`).size }).toEqual(filesBefore);
  });
});
