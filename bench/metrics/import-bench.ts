import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import path from 'node:path';
import { Collection } from '../../electron/core/collection.js';
import { importedDeckId, shortHash } from '../../electron/core/importing/import-model.js';
import { buildCollection, buildPackage, zstdFrame, type FixtureCollection } from '../../tests/fixtures/anki-fixture.js';
import { median, type Metric } from '../bench-stats.js';
import { copyCollection, removeCollectionCopy } from '../bench-collection.js';
import { databaseOf } from '../../tests/helpers/collection-database.js';

const csvRows = 50_000;
const apkgCards = 20_000;
const apkgReviews = 200_000;
const runs = 3;
const csvName = 'aws-notes.csv';

/**
 * Importing into the heavy collection: a 50,000-row CSV through runImport
 * (parse, backup, one transaction) against raw better-sqlite3 inserting the
 * same rows into the same columns, and an anki21b package of 20,000 cards
 * with 200,000 reviews (history replayed through FSRS).
 */
export async function importBench(file: string): Promise<Metric[]> {
  const csv = Buffer.from(makeCsv(csvRows));
  const csvMs = median(Array.from({ length: runs }, (_, i) => timeImport(file, `import-csv-${i}`, csvName, csv)));
  const rawMs = median(Array.from({ length: runs }, (_, i) => timeRawInsert(file, `import-raw-${i}`, csvCells(csvRows))));
  const apkg = Buffer.from(makeApkg());
  // The package import varies by about a tenth from run to run here: the median of three.
  const apkgMs = median(Array.from({ length: runs }, (_, i) => timeImport(file, `import-apkg-${i}`, 'heavy-user.apkg', apkg)));
  const apkgRawMs = timeRawApkgRows(file, apkg);
  return [
    { metric: 'import_csv_50k_ms', value: csvMs, unit: 'ms' },
    { metric: 'import_raw_50k_ms', value: rawMs, unit: 'ms' },
    { metric: 'import_vs_raw_ratio', value: csvMs / rawMs, unit: 'ratio' },
    { metric: 'import_apkg_ms', value: apkgMs, unit: 'ms' },
    { metric: 'import_apkg_raw_ms', value: apkgRawMs, unit: 'ms' },
    { metric: 'import_apkg_vs_raw_ratio', value: apkgMs / apkgRawMs, unit: 'ratio' },
  ];
}

/** One import into a fresh copy of the heavy collection; opening the copy is not timed. */
export function timeImport(file: string, copyName: string, fileName: string, bytes: Buffer): number {
  const copy = copyCollection(file, copyName);
  const collection = Collection.open({ file: copy });
  try {
    const t0 = performance.now();
    const summary = collection.runImport(fileName, bytes, {});
    const ms = performance.now() - t0;
    if (summary.added === 0) throw new Error(`${fileName}: nothing was imported`);
    return ms;
  } finally {
    collection.close();
    removeCollectionCopy(copy);
  }
}

/**
 * The floor: the rows our importer writes (deck, then cards with the same
 * column values, content JSON and keys computed beforehand) as prepared
 * inserts in one immediate transaction, with the app's pragmas.
 */
function timeRawInsert(file: string, copyName: string, rows: string[][]): number {
  const copy = copyCollection(file, copyName);
  const db = openSqliteFile(copy);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const now = Date.now();
    const title = path.basename(csvName, '.csv');
    const deckId = importedDeckId(title, 'csv');
    const values = rows.map(([front, back, tags]) => {
      const key = `h-${shortHash(front!)}`;
      return { deckId, key, noteKey: `${deckId}/${key}`, content: JSON.stringify({ kind: 'basic', front, back }), source: csvName, tags: tags!, now };
    });
    const addDeck = db.prepare(`INSERT INTO decks (id, title, service_type, description, origin, created_at) VALUES (?, ?, 'custom', ?, 'imported', ?)`);
    const position = db.prepare('SELECT coalesce(max(position), 0) FROM cards').pluck();
    const addCard = db.prepare(`INSERT INTO cards (deck_id, source_deck_id, key, note_key, kind, content, owner, service, source, tags, position, due)
      VALUES (@deckId, @deckId, @key, @noteKey, 'basic', @content, NULL, NULL, @source, @tags, @position, @now)`);
    const t0 = performance.now();
    db.transaction(() => {
      addDeck.run(deckId, title, `Imported from ${csvName}.`, now);
      let next = position.get() as number;
      for (const v of values) addCard.run({ ...v, position: ++next });
    }).immediate();
    return performance.now() - t0;
  } finally {
    db.close();
    removeCollectionCopy(copy);
  }
}

/**
 * The floor for the Anki package: exactly the rows the importer wrote (its
 * decks, cards with their replayed schedules, and review-log rows), read back
 * from an import into one copy, then inserted into a fresh copy by plain
 * prepared statements in one immediate transaction. Only the inserts are timed.
 */
function timeRawApkgRows(file: string, apkg: Buffer): number {
  const source = copyCollection(file, 'import-apkg-rows');
  const collection = Collection.open({ file: source });
  let rows: { decks: Record<string, unknown>[]; cards: Record<string, unknown>[]; reviews: Record<string, unknown>[] };
  try {
    const summary = collection.runImport('heavy-user.apkg', apkg, {});
    const ids = summary.decks.map((d) => d.id);
    const inDecks = `(${ids.map(() => '?').join(', ')})`;
    rows = {
      decks: databaseOf(collection).prepare(`SELECT * FROM decks WHERE id IN ${inDecks}`).all(...ids) as Record<string, unknown>[],
      cards: databaseOf(collection).prepare(`SELECT * FROM cards WHERE deck_id IN ${inDecks} ORDER BY id`).all(...ids) as Record<string, unknown>[],
      reviews: databaseOf(collection)
        .prepare(`SELECT * FROM review_log WHERE card_id IN (SELECT id FROM cards WHERE deck_id IN ${inDecks}) ORDER BY id`)
        .all(...ids) as Record<string, unknown>[],
    };
  } finally {
    collection.close();
    removeCollectionCopy(source);
  }
  const copy = copyCollection(file, 'import-apkg-raw');
  const db = openSqliteFile(copy);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const insertInto = (table: string, sample: Record<string, unknown> | undefined) => {
      const columns = Object.keys(sample ?? {});
      return db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    };
    const addDeck = insertInto('decks', rows.decks[0]);
    const addCard = insertInto('cards', rows.cards[0]);
    const addReview = rows.reviews.length ? insertInto('review_log', rows.reviews[0]) : null;
    const t0 = performance.now();
    db.transaction(() => {
      for (const d of rows.decks) addDeck.run(d);
      for (const c of rows.cards) addCard.run(c);
      for (const r of rows.reviews) addReview!.run(r);
    }).immediate();
    return performance.now() - t0;
  } finally {
    db.close();
    removeCollectionCopy(copy);
  }
}

// Realistic card text: sentences about the shared responsibility model, varied so every front is distinct.
const services = ['Amazon EC2', 'Amazon S3', 'Amazon RDS', 'AWS Lambda', 'Amazon DynamoDB', 'Amazon EKS', 'AWS Fargate', 'Amazon VPC', 'AWS IAM', 'Amazon CloudFront'];
const duties = [
  'patching the guest operating system',
  'encrypting data at rest with customer-managed keys',
  'configuring security group rules',
  'rotating access keys for IAM users',
  'maintaining the physical hosts and hypervisor',
  'enabling MFA for the root account',
  'classifying the data stored in the service',
  'replacing failed disks in the data center',
  'setting bucket policies and access points',
  'applying engine minor-version upgrades',
];
const owners = ['The customer', 'AWS', 'Both AWS and the customer'];

/** The CSV rows' cells: front, back, tags. */
function csvCells(count: number): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const service = services[i % services.length]!;
    const duty = duties[Math.floor(i / services.length) % duties.length]!;
    const owner = owners[(i * 7) % owners.length]!;
    rows.push([
      `Scenario ${i + 1}: with ${service}, who is responsible for ${duty}?`,
      `${owner}. For ${service}, ${duty} falls on this side of the line because of how the service is operated ("security ${owner === 'AWS' ? 'of' : 'in'} the cloud").`,
      `${service.replace(/\s+/g, '-').toLowerCase()} responsibility batch-${i % 50}`,
    ]);
  }
  return rows;
}

export function makeCsv(count: number): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return ['front,back,tags', ...csvCells(count).map((row) => row.map(quote).join(','))].join('\n') + '\n';
}

/** An anki21b package: one Basic note per card, ten reviews per card spread over a year and a half. */
export function makeApkg(): Uint8Array {
  const day = 86_400_000;
  const start = Date.UTC(2023, 0, 2, 9);
  const cells = csvCells(apkgCards);
  const col: FixtureCollection = {
    noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] }],
    decks: [
      { id: 1, name: 'Default' },
      { id: 2, name: 'AWS::Shared Responsibility' },
    ],
    notes: cells.map(([front, back, tags], i) => ({ id: i + 1, guid: `g${i}`, mid: 1, fields: [`<b>${front!}</b>`, back!], tags: tags!.split(' ') })),
    cards: cells.map((_, i) => ({ id: 1_000_000 + i, nid: i + 1, did: 2, ord: 0 })),
    revlog: [],
  };
  const perCard = apkgReviews / apkgCards;
  let id = start;
  for (let r = 0; r < perCard; r++) {
    for (let c = 0; c < apkgCards; c++) {
      // Intervals grow with each review; a lapse now and then. Ids are unique millisecond timestamps.
      const ease = (c + r) % 13 === 0 ? 1 : (c + r) % 5 === 0 ? 2 : (c + r) % 7 === 0 ? 4 : 3;
      col.revlog!.push({ id: id++ + Math.round((2 ** r - 1) * day), cid: 1_000_000 + c, ease, type: r === 0 ? 0 : ease === 1 ? 2 : 1, time: 4000 + (c % 20) * 500 });
    }
  }
  return buildPackage({ entries: { 'collection.anki21b': zstdFrame(buildCollection(col, 18)) } });
}
