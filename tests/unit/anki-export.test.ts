import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { htmlToText } from '../../electron/core/text/html-sanitizer.js';
import { exportCommand } from '../../electron/cli/commands/export-command.js';
import { demarcNoteTypes } from '../../electron/core/exporting/anki-note-types.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { buildCollection, buildPackage, decoyCollection } from '../fixtures/anki-fixture.js';
import { patchPng, scenario } from '../fixtures/anki-scenario.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction, wrongAction } from '../helpers/learner-actions.js';
import { openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

let dir: string;
const open: Collection[] = [];
beforeEach(() => {
  dir = tempDir('demarc-anki-export-');
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function collectionIn(name: string, clock = new TestClock(), builtin = true): { c: Collection; clock: TestClock } {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  const { collection } = openTestCollection({ file: path.join(dir, name, 'collection.db'), clock, builtin });
  open.push(collection);
  return { c: collection, clock };
}

/** A learner's fortnight: the built-in core deck studied with some wrong answers, a card suspended, one flagged, one buried today. */
function studyFortnight(c: Collection, clock: TestClock): void {
  for (let d = 0; d < 14; d++) {
    const session = c.study({ deckIds: ['core-model'] });
    let n = 0;
    for (const card of session.cards.slice(0, 12)) {
      clock.advance(20_000);
      const wrong = n++ % 5 === 4;
      c.answer({ cardId: card.id, grade: wrong ? 1 : 3, durationMs: 3000 + n * 100, sessionId: session.sessionId, ...(wrong ? wrongAction(card) : rightAction(card)) });
    }
    clock.advanceDays(1);
  }
  const studied = databaseOf(c).prepare("SELECT id FROM cards WHERE deck_id = 'core-model' AND state = 2 ORDER BY id").pluck().all() as number[];
  c.cards.setSuspended([studied[0]!], true);
  c.setFlag(studied[1]!, 3);
  c.bury(studied[2]!);
}

interface CardView {
  kind: string;
  text: string;
  content: unknown;
  state: number;
  dueDay: number | null;
  learningDue: number | null;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  lastReview: number | null;
  suspended: number;
  buried: boolean;
  flag: number;
  history: string;
}

/** Every card of a deck as a learner sees it, with its schedule and history, in a stable order. */
function cardsOf(c: Collection, deckId: string): CardView[] {
  const db = databaseOf(c);
  const today = studyDay(c.now(), 4);
  const history = db.prepare('SELECT reviewed_at, rating, kind, duration_ms FROM review_log WHERE card_id = ? ORDER BY reviewed_at');
  const rows = db.prepare('SELECT * FROM cards WHERE deck_id = ? AND retired = 0').all(deckId) as Record<string, number | string | null>[];
  return rows
    .map((r) => {
      const content = JSON.parse(r.content as string) as { kind: string; front?: string; back?: string; prompt?: string; question?: string; html?: boolean };
      const text = htmlToText(content.front ?? content.prompt ?? content.question ?? '');
      // Plain-text basic cards come back as HTML of the same text; every other card as it was.
      const same = content.kind === 'basic' && !content.html ? { ...content, front: text, back: htmlToText(content.back ?? ''), html: true } : content;
      return {
        kind: content.kind,
        text,
        content: same.kind === 'basic' && same.html ? { ...same, front: htmlToText(same.front ?? ''), back: htmlToText(same.back ?? '') } : same,
        state: r.state as number,
        // A new card's due is only when it was added; its place in the deck is what orders it.
        dueDay: r.state === 0 ? null : studyDay(r.due as number, 4),
        learningDue: r.state === 1 || r.state === 3 ? Math.floor((r.due as number) / 1000) : null,
        stability: r.stability as number,
        difficulty: r.difficulty as number,
        reps: r.reps as number,
        lapses: r.lapses as number,
        lastReview: r.last_review as number | null,
        suspended: r.suspended as number,
        buried: r.buried_day === today,
        flag: r.flag as number,
        history: JSON.stringify(history.all(r.id)),
      };
    })
    .sort((a, b) => a.text.localeCompare(b.text) || a.kind.localeCompare(b.kind));
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

function openPackaged(files: Record<string, Uint8Array>): ReturnType<typeof openSqliteFile> {
  return openSqliteFile(Buffer.from(files['collection.anki21']!));
}

describe('Anki export', () => {
  it('writes a deck with its history as an .apkg in Anki\'s schema 11, and imports back with nothing lost', () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    const pkg = c.exportAnkiPackage('core-model', { withScheduling: true });
    expect(pkg.fileName).toBe('core-model.apkg');

    // The package against Anki's schema (rslib/src/storage/schema11.sql) and formats.
    const files = unzip(pkg.bytes);
    expect(Object.keys(files).sort()).toEqual(['collection.anki21', 'media', 'meta']);
    expect([...files.meta!]).toEqual([0x08, 0x02]); // PackageMetadata { version: LEGACY_2 }
    expect(JSON.parse(new TextDecoder().decode(files.media))).toEqual({});
    const db = openPackaged(files);
    try {
      const columns = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((col) => col.name);
      expect(columns('col')).toEqual(['id', 'crt', 'mod', 'scm', 'ver', 'dty', 'usn', 'ls', 'conf', 'models', 'decks', 'dconf', 'tags']);
      expect(columns('notes')).toEqual(['id', 'guid', 'mid', 'mod', 'usn', 'tags', 'flds', 'sfld', 'csum', 'flags', 'data']);
      expect(columns('cards')).toEqual(['id', 'nid', 'did', 'ord', 'mod', 'usn', 'type', 'queue', 'due', 'ivl', 'factor', 'reps', 'lapses', 'left', 'odue', 'odid', 'flags', 'data']);
      expect(columns('revlog')).toEqual(['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type']);
      expect(columns('graves')).toEqual(['usn', 'oid', 'type']);
      const col = db.prepare('SELECT * FROM col').get() as Record<string, string | number>;
      expect(col.ver).toBe(11);
      expect(JSON.parse(col.conf as string)).toMatchObject({ schedVer: 2, sched2021: true, fsrs: true });
      const models = Object.values(JSON.parse(col.models as string) as Record<string, { name: string; flds: { name: string }[]; tmpls: { qfmt: string; afmt: string }[] }>);
      expect(models.map((m) => m.name).sort()).toEqual(['Demarc Basic', 'Demarc Choice', 'Demarc Responsibility']);
      const responsibility = models.find((m) => m.name === 'Demarc Responsibility')!;
      expect(responsibility.flds.map((f) => f.name)).toContain('Owner');
      expect(responsibility.tmpls[0]!.afmt).toContain('{{Owner}}');
      const decks = Object.values(JSON.parse(col.decks as string) as Record<string, { name: string; conf: number }>);
      const title = databaseOf(c).prepare("SELECT title FROM decks WHERE id = 'core-model'").pluck().get() as string;
      expect(decks.map((d) => d.name).sort()).toEqual([title, 'Default'].sort());
      expect(JSON.parse(col.dconf as string)['1']).toMatchObject({ name: 'Default', desiredRetention: 0.9 });

      const logged = databaseOf(c).prepare("SELECT count(*) FROM review_log r JOIN cards k ON k.id = r.card_id WHERE k.deck_id = 'core-model'").pluck().get();
      expect(db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(logged);
      expect(db.prepare('SELECT count(*) FROM revlog WHERE ease NOT BETWEEN 1 AND 4 OR type NOT BETWEEN 0 AND 3').pluck().get()).toBe(0);
      const review = db.prepare('SELECT * FROM cards WHERE type = 2 AND queue = 2 LIMIT 1').get() as Record<string, number | string>;
      const memory = JSON.parse(review.data as string) as Record<string, number>;
      expect(Object.keys(memory).sort()).toEqual(['d', 'dr', 'lrt', 's']);
      expect(memory.s).toBeGreaterThan(0);
      expect(memory.d).toBeGreaterThanOrEqual(1);
      expect(db.prepare('SELECT count(*) FROM cards WHERE queue = -1').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM cards WHERE queue = -3').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM cards WHERE flags = 3').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(db.prepare('SELECT count(*) FROM cards').pluck().get());
    } finally {
      db.close();
    }

    // Into a fresh collection (same day): the same cards, kinds, history, due dates, memory and marks.
    const { c: fresh } = collectionIn('b', new TestClock(clock.value), false);
    const summary = fresh.runImport('core-model.apkg', Buffer.from(pkg.bytes), {});
    expect(summary.decks).toHaveLength(1);
    const deckId = summary.decks[0]!.id;
    expect(cardsOf(fresh, deckId)).toEqual(cardsOf(c, 'core-model'));
    expect(fresh.doctor().ok).toBe(true);

    // Exported again, the notes keep their guids: Anki would update them, not add copies.
    const again = openPackaged(unzip(fresh.exportAnkiPackage(deckId, { withScheduling: true }).bytes));
    const first = openPackaged(unzip(pkg.bytes));
    try {
      const guids = (d: typeof first) => (d.prepare('SELECT guid FROM notes ORDER BY guid').pluck().all() as string[]);
      expect(guids(again)).toEqual(guids(first));
    } finally {
      again.close();
      first.close();
    }
  });

  it('carries media, and an imported Anki deck keeps its note guids', () => {
    const { c } = collectionIn('a', new TestClock(Date.UTC(2025, 0, 15, 12)), false);
    c.runImport('shared.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11), 'collection.anki2': decoyCollection() }, media: [{ name: 'patch.png', data: patchPng }] })), {});
    const pkg = c.exportAnkiPackage('anki-aws-shared-responsibility', { withScheduling: true });
    const files = unzip(pkg.bytes);
    expect(JSON.parse(new TextDecoder().decode(files.media))).toEqual({ 0: 'patch.png' });
    expect(files['0']).toEqual(patchPng);
    const db = openPackaged(files);
    try {
      const fields = db.prepare('SELECT flds FROM notes').pluck().all() as string[];
      // Anki's media references are bare names.
      expect(fields.join('\n')).toContain('<img src="patch.png"');
      expect(fields.join('\n')).not.toContain('media/');
      expect(db.prepare('SELECT guid FROM notes ORDER BY guid').pluck().all()).toEqual(expect.arrayContaining(['Ab3$k9/Q+z', 'fancy-2', 'cloze-3']));
    } finally {
      db.close();
    }
    const { c: fresh } = collectionIn('b', new TestClock(Date.UTC(2025, 0, 15, 12)), false);
    const summary = fresh.runImport('shared.apkg', Buffer.from(pkg.bytes), {});
    expect(summary.media).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'b', 'media', 'patch.png'))).toEqual(Buffer.from(patchPng));
    expect(cardsOf(fresh, 'anki-aws-shared-responsibility')).toEqual(cardsOf(c, 'anki-aws-shared-responsibility'));

    // Only files the importer could have saved, as regular files: a link in the media folder or a name that climbs out is left out.
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'not a card picture');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'a', 'media', 'linked.png'));
    const sneaky = '<img src="media/linked.png"><img src="media/..%2Fcollection.db"><img src="media/..%2F..%2Fsecret.txt">';
    const db2 = databaseOf(c);
    const card = db2.prepare("SELECT id, content FROM cards WHERE content LIKE '%patch.png%' LIMIT 1").get() as { id: number; content: string };
    const content = JSON.parse(card.content) as { back: string };
    db2.prepare('UPDATE cards SET content = ? WHERE id = ?').run(JSON.stringify({ ...content, back: content.back + sneaky }), card.id);
    const guarded = unzip(c.exportAnkiPackage('anki-aws-shared-responsibility', { withScheduling: true }).bytes);
    expect(JSON.parse(new TextDecoder().decode(guarded.media))).toEqual({ 0: 'patch.png' });
    expect(Object.keys(guarded).sort()).toEqual(['0', 'collection.anki21', 'media', 'meta']);
  });

  it('writes every deck as a .colpkg, and without scheduling on request', async () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    const out = path.join(dir, 'all.colpkg');
    const result = await exportCommand.run({ dbFile: c.file, positionals: [], values: { out }, collection: () => c, progress: () => {} });
    expect(exportCommand.format(result)).toMatch(/as colpkg .*cards in \d+ decks, with scheduling and \d+ reviews/);
    const decks = databaseOf(c).prepare('SELECT id, title FROM decks').all() as { id: string; title: string }[];
    const { c: fresh } = collectionIn('b', new TestClock(clock.value), false);
    fresh.runImport('all.colpkg', fs.readFileSync(out), {});
    for (const d of decks) {
      const id = databaseOf(fresh).prepare('SELECT id FROM decks WHERE title = ?').pluck().get(d.title) as string;
      expect(cardsOf(fresh, id)).toEqual(cardsOf(c, d.id));
    }

    const bare = c.exportAnkiPackage('core-model', { withScheduling: false });
    const db = openPackaged(unzip(bare.bytes));
    try {
      expect(db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM cards WHERE type <> 0 OR queue <> 0 OR data <> ''").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    await expect(async () => exportCommand.run({ dbFile: c.file, positionals: ['core-model'], values: { out, format: 'colpkg' }, collection: () => c, progress: () => {} })).rejects.toThrow(/give no DECK/);
  });

  it('hands the Decks screen an .apkg as base64 through the API', async () => {
    const { c } = collectionIn('a');
    const dispatcher = createDispatcher(createHandlers({ collection: c, appVersion: 'test', transport: 'http' }));
    const reply = await dispatcher.dispatch('decks.export', { deckId: 'core-model', format: 'apkg' });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const file = reply.value as { fileName: string; text: string; encoding?: string };
    expect(file).toMatchObject({ fileName: 'core-model.apkg', encoding: 'base64' });
    const db = openPackaged(unzip(Buffer.from(file.text, 'base64')));
    try {
      expect(db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(databaseOf(c).prepare("SELECT count(*) FROM cards WHERE deck_id = 'core-model' AND retired = 0").pluck().get());
    } finally {
      db.close();
    }
  });

  it('reads a note of its own types back only when its fields hold a real card, in linear time', () => {
    const { c } = collectionIn('a', new TestClock(), false);
    const nt = (kind: keyof typeof demarcNoteTypes) => ({
      id: demarcNoteTypes[kind].id,
      name: demarcNoteTypes[kind].name,
      fields: [...demarcNoteTypes[kind].fields],
      templates: [{ name: 'Card 1', qfmt: demarcNoteTypes[kind].qfmt, afmt: demarcNoteTypes[kind].afmt }],
    });
    const col = buildCollection(
      {
        noteTypes: [nt('responsibility'), nt('choice')],
        decks: [{ id: 1, name: 'Crafted' }],
        notes: [
          { id: 1, guid: 'r1', mid: demarcNoteTypes.responsibility.id, fields: ['Who patches the guest OS?', 'Customer', '', 'The guest OS is the customer\u0007s.\u202e', '', '', 'platform', '2.1'] },
          // Not an owner Demarc knows: rendered from the templates like any other note.
          { id: 2, guid: 'r2', mid: demarcNoteTypes.responsibility.id, fields: ['Who runs it?', 'Nobody', '', 'Explained', '', '', '', ''] },
          // 50,000 unclosed list items: read in one pass, and no choice card (too few options).
          { id: 3, guid: 'c1', mid: demarcNoteTypes.choice.id, fields: ['Pick one', Array.from({ length: 50_000 }, (_, i) => `<li>${(i * 7919) % 100_003}`).join(''), '1', 'Because', '', ''] },
        ],
        cards: [1, 2, 3].map((n) => ({ id: 10 + n, nid: n, did: 1, ord: 0 })),
      },
      11,
    );
    const result = c.runImport('crafted.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': col } })), {});
    const rows = databaseOf(c).prepare("SELECT note_key, kind, content FROM cards WHERE deck_id = 'anki-crafted' ORDER BY note_key").all() as { note_key: string; kind: string; content: string }[];
    // The choice note is no choice card; rendered from its templates it is longer than any card's text may be, so it is left out, and said so.
    expect(rows.map((r) => [r.note_key, r.kind])).toEqual([['anki:r1', 'responsibility'], ['anki:r2', 'basic']]);
    expect(JSON.stringify(result)).toMatch(/too long|longer than|characters/);
    expect(JSON.parse(rows[0]!.content)).toEqual({ kind: 'responsibility', prompt: 'Who patches the guest OS?', owner: 'customer', explanation: 'The guest OS is the customers.', layer: 'platform', task: '2.1' });
  });
});
