import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { decompress } from 'fzstd';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { openScratchCopy, openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { htmlToText } from '../../electron/core/text/html-sanitizer.js';
import { exportCommand } from '../../electron/cli/commands/export-command.js';
import { demarcNoteTypeCss, demarcNoteTypes } from '../../electron/core/exporting/anki-note-types.js';
import { decodeAnkiMessage } from '../../electron/core/exporting/anki-schema18.js';
import { neutraliseSchema } from '../../electron/core/importing/anki-schema-guard.js';
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

/** The collection inside a package, either form (the current one zstd-compressed, its unicase names read as NOCASE as the importer does). */
function openPackaged(files: Record<string, Uint8Array>): Database.Database {
  if (files['collection.anki21']) return openSqliteFile(Buffer.from(files['collection.anki21']));
  const db = openScratchCopy(Buffer.from(decompress(files['collection.anki21b']!)));
  neutraliseSchema(db);
  return db;
}

function mediaEntriesOf(files: Record<string, Uint8Array>): { name: string; size: number; sha1: string }[] {
  const list = decodeAnkiMessage('MediaEntries', decompress(files.media!)) as { entries: { name: string; size: number; sha1: Uint8Array }[] };
  return list.entries.map((e) => ({ name: e.name, size: e.size, sha1: Buffer.from(e.sha1).toString('hex') }));
}

describe('Anki export', () => {
  it('writes a deck with its history as an .apkg in Anki\'s current form (zstd schema 18), and imports back with nothing lost', async () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    const pkg = await c.exportAnkiPackage('core-model', { withScheduling: true });
    expect(pkg.fileName).toBe('core-model.apkg');

    // The package as Anki writes it (rslib/src/import_export/package/colpkg/export.rs).
    const files = unzip(pkg.bytes);
    expect(Object.keys(files).sort()).toEqual(['collection.anki2', 'collection.anki21b', 'media', 'meta']);
    expect(decodeAnkiMessage('PackageMetadata', files.meta!)).toEqual({ version: 3 }); // VERSION_LATEST
    expect([...files['collection.anki21b']!.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]); // a zstd frame
    expect(mediaEntriesOf(files)).toEqual([]);
    // The stand-in an older Anki finds: schema 11, one note asking to update.
    const standIn = openSqliteFile(Buffer.from(files['collection.anki2']!));
    try {
      expect(standIn.prepare('SELECT ver FROM col').pluck().get()).toBe(11);
      expect(standIn.prepare('SELECT flds FROM notes').pluck().all()).toEqual([expect.stringMatching(/^Please update to the latest Anki version/)]);
    } finally {
      standIn.close();
    }

    const schema = new TextDecoder().decode(decompress(files['collection.anki21b']!));
    expect(schema).toContain('name text NOT NULL COLLATE unicase');
    const db = openPackaged(files);
    try {
      const columns = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((col) => col.name);
      // Anki's schema 11 tables, then what its upgrades to 18 add (rslib/src/storage/upgrades/schema14/15/17/18_upgrade.sql).
      expect(columns('cards')).toEqual(['id', 'nid', 'did', 'ord', 'mod', 'usn', 'type', 'queue', 'due', 'ivl', 'factor', 'reps', 'lapses', 'left', 'odue', 'odid', 'flags', 'data']);
      expect(columns('revlog')).toEqual(['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type']);
      expect(columns('graves')).toEqual(['oid', 'type', 'usn']);
      expect(columns('notetypes')).toEqual(['id', 'name', 'mtime_secs', 'usn', 'config']);
      expect(columns('fields')).toEqual(['ntid', 'ord', 'name', 'config']);
      expect(columns('templates')).toEqual(['ntid', 'ord', 'name', 'mtime_secs', 'usn', 'config']);
      expect(columns('decks')).toEqual(['id', 'name', 'mtime_secs', 'usn', 'common', 'kind']);
      expect(columns('deck_config')).toEqual(['id', 'name', 'mtime_secs', 'usn', 'config']);
      expect(columns('config')).toEqual(['KEY', 'usn', 'mtime_secs', 'val']);
      expect(columns('tags')).toEqual(['tag', 'usn', 'collapsed', 'config']);
      expect(db.prepare('SELECT ver, conf, models, decks, dconf, tags FROM col').get()).toEqual({ ver: 18, conf: '', models: '', decks: '', dconf: '', tags: '' });
      const config = Object.fromEntries((db.prepare('SELECT KEY, val FROM config').all() as { KEY: string; val: Buffer }[]).map((r) => [r.KEY, JSON.parse(r.val.toString())]));
      expect(config).toMatchObject({ schedVer: 2, sched2021: true, fsrs: true, curDeck: 1 });

      const noteTypes = db.prepare('SELECT id, name, config FROM notetypes ORDER BY name').all() as { id: number; name: string; config: Buffer }[];
      expect(noteTypes.map((n) => n.name)).toEqual(['Demarc Basic', 'Demarc Basic (and reversed card)', 'Demarc Choice', 'Demarc Cloze', 'Demarc Responsibility']);
      const responsibility = noteTypes.find((n) => n.name === 'Demarc Responsibility')!;
      expect(decodeAnkiMessage('NotetypeConfig', responsibility.config)).toMatchObject({ kind: 0, sortFieldIdx: 0, css: demarcNoteTypeCss, reqs: [{ cardOrd: 0, kind: 1, fieldOrds: [0] }] });
      expect(db.prepare('SELECT name FROM fields WHERE ntid = ? ORDER BY ord').pluck().all(responsibility.id)).toEqual(demarcNoteTypes.responsibility.fields);
      const template = db.prepare('SELECT name, config FROM templates WHERE ntid = ?').get(responsibility.id) as { name: string; config: Buffer };
      expect(template.name).toBe('Card 1');
      expect(decodeAnkiMessage('TemplateConfig', template.config)).toMatchObject({ qFormat: demarcNoteTypes.responsibility.qfmt, aFormat: demarcNoteTypes.responsibility.afmt });

      const title = databaseOf(c).prepare("SELECT title FROM decks WHERE id = 'core-model'").pluck().get() as string;
      const decks = db.prepare('SELECT id, name, kind FROM decks ORDER BY id').all() as { id: number; name: string; kind: Buffer }[];
      expect(decks.map((d) => d.name)).toEqual(['Default', title]);
      expect(decodeAnkiMessage('DeckKind', decks[1]!.kind)).toMatchObject({ kind: 'normal', normal: { configId: 1 } });
      const options = decodeAnkiMessage('DeckConfigConfig', db.prepare('SELECT config FROM deck_config WHERE id = 1').pluck().get() as Buffer);
      expect(options.desiredRetention).toBeCloseTo(0.9, 5);
      expect(options).toMatchObject({ newPerDay: 20, leechThreshold: 8, graduatingIntervalGood: 1 });
      expect(options.initialEase).toBeCloseTo(2.5, 5);

      const logged = databaseOf(c).prepare("SELECT count(*) FROM review_log r JOIN cards k ON k.id = r.card_id WHERE k.deck_id = 'core-model'").pluck().get();
      expect(db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(logged);
      expect(db.prepare('SELECT count(*) FROM revlog WHERE ease NOT BETWEEN 1 AND 4 OR type NOT BETWEEN 0 AND 3').pluck().get()).toBe(0);
      const review = db.prepare('SELECT * FROM cards WHERE type = 2 AND queue = 2 LIMIT 1').get() as Record<string, number | string>;
      expect(Object.keys(JSON.parse(review.data as string) as object).sort()).toEqual(['d', 'dr', 'lrt', 's']);
      expect(db.prepare('SELECT count(*) FROM cards WHERE queue = -1').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM cards WHERE queue = -3').pluck().get()).toBe(1);
      expect(db.prepare('SELECT count(*) FROM cards WHERE flags = 3').pluck().get()).toBe(1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    // Into a fresh collection (same day): the same cards, kinds, history, due dates, memory and marks.
    const { c: fresh } = collectionIn('b', new TestClock(clock.value), false);
    const summary = fresh.runImport('core-model.apkg', Buffer.from(pkg.bytes), {});
    const deckId = summary.decks[0]!.id;
    expect(cardsOf(fresh, deckId)).toEqual(cardsOf(c, 'core-model'));
    expect(fresh.doctor().ok).toBe(true);
    const again = openPackaged(unzip((await fresh.exportAnkiPackage(deckId, { withScheduling: true })).bytes));
    const first = openPackaged(files);
    try {
      const guids = (d: Database.Database) => d.prepare('SELECT guid FROM notes ORDER BY guid').pluck().all();
      expect(guids(again)).toEqual(guids(first));
    } finally {
      again.close();
      first.close();
    }
  });

  it('exports a note of several cards (basic and reversed, cloze) as one Anki note with a card per template or deletion', async () => {
    const { c, clock } = collectionIn('a', new TestClock(), false);
    const dispatcher = createDispatcher(createHandlers({ collection: c, appVersion: 'test', transport: 'http' }));
    const call = async (method: string, args: unknown) => {
      const reply = await dispatcher.dispatch(method, args);
      if (!reply.ok) throw new Error(JSON.stringify(reply));
      return reply.value as Record<string, unknown>;
    };
    const { deckId } = (await call('decks.create', { title: 'Notes' })) as { deckId: string };
    await call('cards.add', { deckId, note: { type: 'basic-reversed', front: 'IaaS', back: 'Infrastructure as a service' }, tags: ['model'] });
    await call('cards.add', { deckId, note: { type: 'cloze', text: '{{c1::S3}} stores objects; {{c2::EBS}} stores blocks.', extra: 'Storage' }, tags: [] });
    await call('cards.add', { deckId, note: { type: 'basic', front: 'VPC', back: 'Virtual private cloud' }, tags: [] });
    const session = c.study({ deckIds: [deckId] });
    for (const card of session.cards) {
      clock.advance(10_000);
      c.answer({ cardId: card.id, grade: 3, durationMs: 2000, sessionId: session.sessionId, ...rightAction(card) });
    }
    for (const legacy of [false, true]) {
      const pkg = await c.exportAnkiPackage(deckId, { withScheduling: true, legacy });
      const db = openPackaged(unzip(pkg.bytes));
      try {
        const notes = db.prepare('SELECT n.id, n.flds, count(c.id) AS cards, group_concat(c.ord) AS ords FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id ORDER BY n.flds').all() as { flds: string; cards: number; ords: string }[];
        expect(notes.map((n) => [n.flds.split('\x1f')[0], n.cards, n.ords.split(',').sort().join(',')])).toEqual([
          ['IaaS', 2, '0,1'],
          ['VPC', 1, '0'],
          ['{{c1::S3}} stores objects; {{c2::EBS}} stores blocks.', 2, '0,1'],
        ]);
        const typeNames = legacy
          ? Object.values(JSON.parse(db.prepare('SELECT models FROM col').pluck().get() as string) as Record<string, { name: string; type: number; tmpls: unknown[] }>).map((m) => `${m.name}:${m.type}:${m.tmpls.length}`)
          : (db.prepare('SELECT n.name, n.config, (SELECT count(*) FROM templates t WHERE t.ntid = n.id) AS templates FROM notetypes n').all() as { name: string; config: Buffer; templates: number }[]).map(
              (n) => `${n.name}:${String(decodeAnkiMessage('NotetypeConfig', n.config).kind)}:${n.templates}`,
            );
        expect(typeNames).toEqual(expect.arrayContaining(['Demarc Basic (and reversed card):0:2', 'Demarc Cloze:1:1']));
        expect(db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(session.cards.length);
      } finally {
        db.close();
      }
      // Read back by Demarc: the same cards, due days, memory and history.
      const { c: fresh } = collectionIn(legacy ? 'legacy' : 'latest', new TestClock(clock.value), false);
      const back = fresh.runImport('notes.apkg', Buffer.from(pkg.bytes), {}).decks[0]!.id;
      expect(cardsOf(fresh, back).map(({ content: _content, ...rest }) => rest)).toEqual(cardsOf(c, deckId).map(({ content: _content, ...rest }) => rest));
    }
  });

  it('writes a deck with its history as a legacy .apkg in Anki\'s schema 11, and imports back with nothing lost', async () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    const pkg = await c.exportAnkiPackage('core-model', { withScheduling: true, legacy: true });
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
      expect(models.map((m) => m.name).sort()).toEqual(['Demarc Basic', 'Demarc Basic (and reversed card)', 'Demarc Choice', 'Demarc Cloze', 'Demarc Responsibility']);
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
    const again = openPackaged(unzip((await fresh.exportAnkiPackage(deckId, { withScheduling: true, legacy: true })).bytes));
    const first = openPackaged(unzip(pkg.bytes));
    try {
      const guids = (d: typeof first) => (d.prepare('SELECT guid FROM notes ORDER BY guid').pluck().all() as string[]);
      expect(guids(again)).toEqual(guids(first));
    } finally {
      again.close();
      first.close();
    }
  });

  it('gives imported decks a preset with Anki\'s desired retention (from either form), and the preview says so', async () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    c.updateSettings({ desiredRetention: 0.85 });
    const title = databaseOf(c).prepare("SELECT title FROM decks WHERE id = 'core-model'").pluck().get() as string;
    for (const legacy of [false, true]) {
      const pkg = await c.exportAnkiPackage('core-model', { withScheduling: true, legacy });
      const { c: fresh } = collectionIn(legacy ? 'legacy' : 'latest', new TestClock(clock.value), false);
      expect(fresh.settings.desiredRetention).toBe(0.9);
      const preview = fresh.previewImport('core-model.apkg', Buffer.from(pkg.bytes), {});
      expect(preview.scheduling?.presets).toEqual([{ name: 'Default (Anki)', desiredRetention: 0.85, decks: [title] }]);
      const deckId = fresh.runImport('core-model.apkg', Buffer.from(pkg.bytes), {}).decks[0]!.id;
      const preset = fresh.presets.list(fresh.settings).find((p) => p.name === 'Default (Anki)')!;
      expect(preset.config.desiredRetention).toBe(0.85);
      expect(preset.deckIds).toEqual([deckId]);
      // Importing again reuses the preset; without history nothing is assigned.
      fresh.runImport('core-model.apkg', Buffer.from(pkg.bytes), {});
      expect(fresh.presets.list(fresh.settings).map((p) => p.name)).toEqual(['Default', 'Default (Anki)']);
      // A deck at the collection's own retention needs no preset.
      fresh.updateSettings({ desiredRetention: 0.85 });
      expect(fresh.previewImport('core-model.apkg', Buffer.from(pkg.bytes), {}).scheduling?.presets).toEqual([]);
    }
  });

  it('carries media in the legacy form, and an imported Anki deck keeps its note guids', async () => {
    const { c } = collectionIn('a', new TestClock(Date.UTC(2025, 0, 15, 12)), false);
    c.runImport('shared.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11), 'collection.anki2': decoyCollection() }, media: [{ name: 'patch.png', data: patchPng }] })), {});
    const pkg = await c.exportAnkiPackage('anki-aws-shared-responsibility', { withScheduling: true, legacy: true });
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
    const guarded = unzip((await c.exportAnkiPackage('anki-aws-shared-responsibility', { withScheduling: true, legacy: true })).bytes);
    expect(JSON.parse(new TextDecoder().decode(guarded.media))).toEqual({ 0: 'patch.png' });
    expect(Object.keys(guarded).sort()).toEqual(['0', 'collection.anki21', 'media', 'meta']);
    const latest = unzip((await c.exportAnkiPackage('anki-aws-shared-responsibility', { withScheduling: true })).bytes);
    expect(mediaEntriesOf(latest)).toEqual([{ name: 'patch.png', size: patchPng.length, sha1: createHash('sha1').update(patchPng).digest('hex') }]);
    expect(Object.keys(latest).sort()).toEqual(['0', 'collection.anki2', 'collection.anki21b', 'media', 'meta']);
  });

  it('writes every deck as a .colpkg, and without scheduling on request', async () => {
    const { c, clock } = collectionIn('a');
    studyFortnight(c, clock);
    const out = path.join(dir, 'all.colpkg');
    const result = await exportCommand.run({ dbFile: c.file, positionals: [], values: { out }, collection: () => c, progress: () => {} });
    expect(Object.keys(unzip(fs.readFileSync(out))).sort()).toEqual(['collection.anki2', 'collection.anki21b', 'media', 'meta']);
    expect(exportCommand.format(result)).toMatch(/as colpkg .*cards in \d+ decks, with scheduling and \d+ reviews/);
    const decks = databaseOf(c).prepare('SELECT id, title FROM decks').all() as { id: string; title: string }[];
    const { c: fresh } = collectionIn('b', new TestClock(clock.value), false);
    fresh.runImport('all.colpkg', fs.readFileSync(out), {});
    for (const d of decks) {
      const id = databaseOf(fresh).prepare('SELECT id FROM decks WHERE title = ?').pluck().get(d.title) as string;
      expect(cardsOf(fresh, id)).toEqual(cardsOf(c, d.id));
    }

    const bare = await c.exportAnkiPackage('core-model', { withScheduling: false });
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
