import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { zipSync, type Zippable } from 'fflate';
import { openScratchCopy } from '../db/sqlite-file.js';
import { dayEnd, dayStart, studyDay } from '../domain/day-clock.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { CardContent, ReviewKind } from '../domain/types.js';
import { normaliseMediaName } from '../importing/media-names.js';
import type { Settings } from '../settings/settings-schema.js';
import { htmlToText } from '../text/html-sanitizer.js';
import type { NoteFields } from '../cards/note-types.js';
import { authoredSource } from '../cards/card-authoring.js';
import { demarcNoteTypeCss, demarcNoteTypes, demarcNoteTypesForNotes, fieldsOfCard, fieldsOfNote, singleCardNoteType, type AnkiNoteTypeSpec, type MultiCardNote } from './anki-note-types.js';
import { collectionConfig, deckJson, deckOptionsJson, schema11Tables } from './anki-schema11.js';
import {
  declareUnicase,
  encodeMediaEntries,
  encodePackageMetadata,
  packageVersionLatest,
  packageVersionLegacy,
  schema18Tables,
  writeSchema18Rows,
  type Schema18NoteType,
} from './anki-schema18.js';
import { zstdCompress } from './zstd-compress.js';
import type { CardRecord, DeckRecord, NoteRecord, ReviewLogRecord } from '../db/table-rows.js';

export interface AnkiExportOptions {
  /** One deck (`.apkg`) or every deck (`.colpkg`, null). */
  deckId: string | null;
  /** Each card's state (queue, due, interval, FSRS memory, marks) and the whole review log. */
  withScheduling: boolean;
  /**
   * The form for Anki before 2.1.50 ("support older Anki versions": schema 11
   * `collection.anki21`, JSON media map, files as they are) instead of the
   * current one (zstd `collection.anki21b` in schema 18, protobuf media list,
   * zstd media). The current form needs `zstdReady()` to have resolved.
   */
  legacy: boolean;
  /** Media the cards use, from the collection's media folder (null: a collection in memory has none). */
  mediaDir: string | null;
  now: number;
  settings: Settings;
}

export interface AnkiExport {
  fileName: string;
  bytes: Uint8Array;
  decks: number;
  notes: number;
  cards: number;
  reviews: number;
  media: number;
}

type DeckRow = Pick<DeckRecord, 'id' | 'title' | 'description'>;
type CardRow = Pick<
  CardRecord,
  'id' | 'deck_id' | 'key' | 'note_key' | 'content' | 'tags' | 'state' | 'due' | 'stability' | 'difficulty' | 'scheduled_days' | 'reps' | 'lapses' | 'last_review' | 'suspended' | 'buried_day' | 'source_deck_id'
> & { flag: number; added_at: number | null };
type ReviewRow = Pick<ReviewLogRecord, 'card_id' | 'reviewed_at' | 'rating' | 'kind' | 'scheduled_days' | 'duration_ms'>;

const revlogTypes: Record<ReviewKind, number> = { learning: 0, review: 1, relearning: 2, cram: 3, manual: 4 };
/** Media larger than this, together, is left out (with the count in the result): a package is read whole into memory. */
const maxMediaBytes = 512 * 1024 * 1024;

/**
 * Writes an Anki package: a deck as `.apkg`, or every deck as `.colpkg`, as
 * Anki itself writes one (rslib/src/import_export/package/colpkg/export.rs):
 * a `meta` entry (PackageMetadata), the collection, a `collection.anki2`
 * stand-in telling an old Anki to update, the media list and the numbered
 * media files. Current form: `collection.anki21b` in schema 18, zstd, with a
 * protobuf media list and zstd media; legacy form (every Anki since 2.1):
 * `collection.anki21` in schema 11 and a JSON media map. Each card becomes a note
 * of Demarc's note type for its kind (anki-note-types.ts); a card imported
 * from Anki keeps its note's guid, so Anki updates that note on re-import.
 * With scheduling, each card carries Anki's queue, due, interval, lapses,
 * flag and FSRS memory (`data`: s, d, dr, lrt), and the review log goes as
 * revlog rows with Demarc's grades (the same four buttons as Anki's v3).
 */
export function exportAnkiPackage(db: Database.Database, options: AnkiExportOptions): AnkiExport {
  const decks =
    options.deckId === null
      ? db.prepare<[], DeckRow>('SELECT id, title, description FROM decks ORDER BY title, id').all()
      : db.prepare<[string], DeckRow>('SELECT id, title, description FROM decks WHERE id = ?').all(options.deckId);
  if (options.deckId !== null && decks.length === 0) throw new DemarcError(ErrorCode.notFound, `Deck "${options.deckId}" does not exist.`);
  const cards = db
    .prepare<[{ deckId?: string }], CardRow>(
      `SELECT id, deck_id, key, note_key, content, tags, state, due, stability, difficulty, scheduled_days,
        reps, lapses, last_review, suspended, buried_day, flag, added_at, source_deck_id
       FROM cards WHERE retired = 0 ${options.deckId === null ? '' : 'AND deck_id = @deckId'} ORDER BY deck_id, position, id`,
    )
    .all(options.deckId === null ? {} : { deckId: options.deckId });
  if (cards.length === 0) throw new DemarcError(ErrorCode.invalidArgument, options.deckId === null ? 'The collection has no cards to export.' : `Deck "${decks[0]!.title}" has no cards to export.`);
  const reviews = options.withScheduling ? reviewsOf(db, cards) : [];

  const rollover = options.settings.rolloverHour;
  const today = studyDay(options.now, rollover);
  // Anki counts review due dates in days from the collection's creation: start it on the earliest day anything happened.
  let dayZero = today;
  for (const r of reviews) dayZero = Math.min(dayZero, studyDay(r.reviewed_at, rollover));
  for (const c of cards) if (options.withScheduling && c.state === 2) dayZero = Math.min(dayZero, studyDay(c.due, rollover));
  const crt = Math.floor(dayStart(dayZero, rollover) / 1000);
  const modSeconds = Math.floor(options.now / 1000);

  const out = openScratchCopy(':memory:');
  try {
    out.exec(options.legacy ? schema11Tables : schema18Tables);
    const deckIds = new Map<string, number>();
    decks.forEach((d, i) => {
      // Stable per deck id, far from Anki's own timestamp ids of today; never 1 (the Default deck).
      const id = 1_500_000_000_000 + (parseInt(createHash('sha1').update(d.id).digest('hex').slice(0, 8), 16) % 100_000_000) * 10 + (i % 10);
      deckIds.set(d.id, id);
    });
    const steps = (list: readonly string[]) => list.map(stepMinutes);
    const s = options.settings;
    const deckOptions = {
      mod: modSeconds,
      newPerDay: s.newPerDay,
      reviewsPerDay: s.reviewsPerDay,
      learningSteps: steps(s.learningSteps),
      relearningSteps: steps(s.relearningSteps),
      maximumIntervalDays: s.maximumIntervalDays,
      desiredRetention: s.desiredRetention,
      fsrsWeights: s.fsrsWeights,
    };
    if (options.legacy) {
      const decksJson: Record<string, unknown> = { 1: deckJson(1, 'Default', '', modSeconds) };
      for (const d of decks) decksJson[deckIds.get(d.id)!] = deckJson(deckIds.get(d.id)!, d.title, d.description, modSeconds);
      const models: Record<string, unknown> = {};
      for (const nt of allNoteTypes()) models[nt.id] = noteTypeJson(nt, modSeconds);
      out
        .prepare('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)')
        .run(crt, options.now, options.now, JSON.stringify(collectionConfig()), JSON.stringify(models), JSON.stringify(decksJson), JSON.stringify({ 1: deckOptionsJson(deckOptions) }), '{}');
    } else {
      out.prepare("INSERT INTO col VALUES (1, ?, ?, ?, 18, 0, 0, 0, '', '', '', '', '')").run(crt, options.now, options.now);
      writeSchema18Rows(out, {
        mod: modSeconds,
        noteTypes: allNoteTypes().map(schema18NoteType),
        decks: [{ id: 1, name: 'Default', description: '', configId: 1 }, ...decks.map((d) => ({ id: deckIds.get(d.id)!, name: d.title, description: d.description, configId: 1 }))],
        deckConfigs: [{ id: 1, name: 'Default', config: deckConfigProto(deckOptions) }],
        config: collectionConfig(),
        tags: new Set(cards.flatMap((c) => c.tags.split(' ').filter(Boolean))),
      });
    }

    const media = new MediaCollector(options.mediaDir);
    const addNote = out.prepare('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, ?)');
    const addCard = out.prepare("INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)");
    const guids = guidsOf(cards);
    const usedNoteIds = new Set<number>();
    const usedCardIds = new Set<number>();
    const ankiCardIds = new Map<number, number>();
    const grouped = authoredNotesOf(db, cards);
    /** A note written once per group: the first of its cards writes it, the others join it. */
    const writtenNotes = new Map<string, number>();
    let position = 0;
    for (const card of cards) {
      const group = grouped.get(card.note_key);
      let noteId: number;
      let ord = 0;
      if (group) {
        ord = Number(card.key.slice(card.key.lastIndexOf('-') + 1));
        const written = writtenNotes.get(card.note_key);
        if (written === undefined) {
          noteId = uniqueId(group.createdAt, usedNoteIds);
          const noteType = demarcNoteTypesForNotes[group.note.type];
          const fields = fieldsOfNote(group.note);
          const sortField = htmlToText(fields[0] ?? '').slice(0, 1000);
          const tags = card.tags.split(' ').filter(Boolean);
          const guid = `dm${createHash('sha1').update(card.note_key).digest('base64url').slice(0, 12)}`;
          addNote.run(noteId, guid, noteType.id, modSeconds, tags.length ? ` ${tags.join(' ')} ` : '', fields.join('\x1f'), sortField, checksum(sortField), '');
          writtenNotes.set(card.note_key, noteId);
        } else {
          noteId = written;
        }
      } else {
        const content = JSON.parse(card.content) as CardContent;
        const noteType = demarcNoteTypes[content.kind];
        const fields = fieldsOfCard(content, (html) => media.rewrite(html));
        noteId = uniqueId(card.added_at ?? options.now, usedNoteIds);
        const sortField = htmlToText(fields[0] ?? '').slice(0, 1000);
        const tags = card.tags.split(' ').filter(Boolean);
        addNote.run(noteId, guids.get(card.id)!, noteType.id, modSeconds, tags.length ? ` ${tags.join(' ')} ` : '', fields.join('\x1f'), sortField, checksum(sortField), '');
      }
      const cardId = uniqueId(noteId, usedCardIds);
      ankiCardIds.set(card.id, cardId);
      position++;
      const sched = options.withScheduling ? ankiCardState(card, { today, dayZero, rollover, position, desiredRetention: s.desiredRetention }) : newCardState(position);
      addCard.run(cardId, noteId, deckIds.get(card.deck_id) ?? 1, ord, modSeconds, sched.type, sched.queue, sched.due, sched.ivl, sched.factor, sched.reps, sched.lapses, sched.left, sched.flags, sched.data);
    }

    const addReview = out.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
    const usedReviewIds = new Set<number>();
    const lastIvl = new Map<number, number>();
    for (const r of reviews) {
      const cid = ankiCardIds.get(r.card_id);
      if (cid === undefined) continue;
      const ivl = r.scheduled_days;
      addReview.run(uniqueId(r.reviewed_at, usedReviewIds), cid, r.rating, ivl, lastIvl.get(cid) ?? 0, r.kind === 'learning' ? 0 : 2500, Math.max(0, Math.min(r.duration_ms, 3_600_000)), revlogTypes[r.kind]);
      lastIvl.set(cid, ivl);
    }

    if (!options.legacy) declareUnicase(out);
    const collection = new Uint8Array(out.serialize());
    const files = options.legacy ? legacyEntries(collection, media.files()) : latestEntries(collection, media.files());
    const single = options.deckId !== null ? decks[0]! : null;
    return {
      fileName: single ? `${single.id}.apkg` : 'collection.colpkg',
      bytes: zipSync(files),
      decks: decks.length,
      notes: cards.length,
      cards: cards.length,
      reviews: usedReviewIds.size,
      media: media.files().length,
    };
  } finally {
    out.close();
  }
}

/** The legacy form: PackageMetadata { version: LEGACY_2 }, collection.anki21 deflated, a JSON media map, files stored as they are. */
function legacyEntries(collection: Uint8Array, media: readonly { name: string; data: Uint8Array }[]): Zippable {
  const files: Zippable = {
    meta: [encodePackageMetadata({ version: packageVersionLegacy }), { level: 0 }],
    'collection.anki21': [collection, { level: 6 }],
  };
  const map: Record<string, string> = {};
  media.forEach((file, i) => {
    map[String(i)] = file.name;
    files[String(i)] = [file.data, { level: 0 }];
  });
  files.media = [new TextEncoder().encode(JSON.stringify(map)), { level: 0 }];
  return files;
}

/**
 * The current form: PackageMetadata { version: LATEST }, collection.anki21b
 * and every media file zstd-compressed and stored, the stand-in, and the
 * media list as zstd-compressed MediaEntries (name, size, SHA-1), in the
 * order of the numbered entries.
 */
function latestEntries(collection: Uint8Array, media: readonly { name: string; data: Uint8Array }[]): Zippable {
  const files: Zippable = {
    meta: [encodePackageMetadata({ version: packageVersionLatest }), { level: 0 }],
    'collection.anki21b': [zstdCompress(collection), { level: 0 }],
    'collection.anki2': [standInCollection(), { level: 0 }],
  };
  const entries = media.map((file, i) => {
    files[String(i)] = [zstdCompress(file.data), { level: 0 }];
    return { name: file.name, size: file.data.length, sha1: createHash('sha1').update(file.data).digest() };
  });
  files.media = [zstdCompress(encodeMediaEntries({ entries })), { level: 0 }];
  return files;
}

let standIn: Uint8Array | null = null;

/**
 * What an Anki too old for the current form finds: a schema 11 collection with
 * one Basic note saying to update (Anki writes the same, in the learner's language).
 */
function standInCollection(): Uint8Array {
  if (standIn) return standIn;
  const db = openScratchCopy(':memory:');
  try {
    // Small pages, as Anki writes its stand-in (page_size=512): it is stored in every package.
    db.pragma('page_size = 512');
    db.exec(schema11Tables);
    const basicId = 1_733_000_000_000;
    const basic = {
      ...noteTypeJson({ id: basicId, name: 'Basic', fields: ['Front', 'Back'], cloze: false, templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' }] }, 0),
      css: '.card { font-family: arial; font-size: 20px; text-align: center; }',
    };
    db.prepare('INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, ?, ?, ?, ?, ?)').run(
      JSON.stringify(collectionConfig()),
      JSON.stringify({ [basicId]: basic }),
      JSON.stringify({ 1: deckJson(1, 'Default', '', 0) }),
      JSON.stringify({ 1: deckOptionsJson({ mod: 0, newPerDay: 20, reviewsPerDay: 200, learningSteps: [1, 10], relearningSteps: [10], maximumIntervalDays: 36500, desiredRetention: 0.9, fsrsWeights: null }) }),
      '{}',
    );
    const text = 'Please update to the latest Anki version, then import the .colpkg/.apkg file again.';
    db.prepare("INSERT INTO notes VALUES (1, 'demarc-update', ?, 0, -1, '', ?, ?, ?, 0, '')").run(basicId, `${text}\x1f`, text, checksum(text));
    db.prepare("INSERT INTO cards VALUES (1, 1, 1, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')").run();
    standIn = new Uint8Array(db.serialize());
    return standIn;
  } finally {
    db.close();
  }
}

/** The Default deck options as schema 18's DeckConfig.Config (Anki's defaults where Demarc has no setting). */
function deckConfigProto(o: Parameters<typeof deckOptionsJson>[0]): Record<string, unknown> {
  return {
    learnSteps: o.learningSteps,
    relearnSteps: o.relearningSteps,
    fsrsParams_6: o.fsrsWeights ?? [],
    newPerDay: o.newPerDay,
    reviewsPerDay: o.reviewsPerDay,
    initialEase: 2.5,
    easyMultiplier: 1.3,
    hardMultiplier: 1.2,
    lapseMultiplier: 0,
    intervalMultiplier: 1,
    maximumReviewInterval: o.maximumIntervalDays,
    minimumLapseInterval: 1,
    graduatingIntervalGood: 1,
    graduatingIntervalEasy: 4,
    leechAction: 1,
    leechThreshold: 8,
    capAnswerTimeToSecs: 60,
    desiredRetention: o.desiredRetention,
  };
}

function schema18NoteType(nt: AnkiNoteTypeSpec): Schema18NoteType {
  const json = noteTypeJson(nt, 0);
  return { id: nt.id, name: nt.name, cloze: nt.cloze, fields: nt.fields, templates: nt.templates, css: demarcNoteTypeCss, latexPre: String(json.latexPre), latexPost: String(json.latexPost) };
}

/** Every note type an export declares: one per card kind, and the two for notes the editor makes of several cards. */
function allNoteTypes(): AnkiNoteTypeSpec[] {
  return [...Object.values(demarcNoteTypes).map(singleCardNoteType), ...Object.values(demarcNoteTypesForNotes)];
}

/**
 * The notes written in the editor that make several cards (basic and
 * reversed, cloze), by note key, for the cards exported: each goes to Anki as
 * one note with a card per template or cloze number, as Anki's own
 * "Basic (and reversed card)" and "Cloze" notes do.
 */
function authoredNotesOf(db: Database.Database, cards: readonly CardRow[]): Map<string, { note: MultiCardNote; createdAt: number }> {
  const out = new Map<string, { note: MultiCardNote; createdAt: number }>();
  const keys = new Set(cards.filter((c) => c.source_deck_id === authoredSource).map((c) => c.note_key));
  if (!keys.size) return out;
  const rows = db.prepare<[], Pick<NoteRecord, 'note_key' | 'fields' | 'created_at'>>("SELECT note_key, fields, created_at FROM authored_notes WHERE type IN ('basic-reversed', 'cloze')").all();
  for (const r of rows) {
    if (!keys.has(r.note_key)) continue;
    try {
      const note = JSON.parse(r.fields) as NoteFields;
      if (note.type === 'basic-reversed') out.set(r.note_key, { note: { type: 'basic-reversed', front: note.front, back: note.back }, createdAt: r.created_at });
      if (note.type === 'cloze') out.set(r.note_key, { note, createdAt: r.created_at });
    } catch {
      // An unreadable note's cards go one note each, as any other card.
    }
  }
  return out;
}

function reviewsOf(db: Database.Database, cards: readonly CardRow[]): ReviewRow[] {
  const ids = new Set(cards.map((c) => c.id));
  const rows = db
    .prepare<[], ReviewRow>(
      `SELECT card_id, reviewed_at, rating, kind, scheduled_days, duration_ms
       FROM review_log ORDER BY reviewed_at, id`,
    )
    .all();
  return rows.filter((r) => ids.has(r.card_id));
}

interface AnkiCardState {
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  left: number;
  flags: number;
  data: string;
}

function newCardState(position: number): AnkiCardState {
  return { type: 0, queue: 0, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, flags: 0, data: '' };
}

/** A Demarc card as Anki holds one: type and queue, due (position, moment or day from day zero), interval, marks and memory. */
function ankiCardState(card: CardRow, at: { today: number; dayZero: number; rollover: number; position: number; desiredRetention: number }): AnkiCardState {
  const marks = { flags: card.flag, reps: card.reps, lapses: card.lapses };
  const hold = (queue: number) => (card.suspended ? -1 : card.buried_day === at.today ? -3 : queue);
  if (card.state === 0) return { ...newCardState(at.position), ...marks, queue: hold(0) };
  const dueDay = studyDay(card.due, at.rollover) - at.dayZero;
  const memory = card.stability > 0 ? { s: card.stability, d: card.difficulty, dr: at.desiredRetention, ...(card.last_review !== null ? { lrt: Math.floor(card.last_review / 1000) } : {}) } : null;
  const data = memory ? JSON.stringify(memory) : '';
  if (card.state === 2) return { ...marks, type: 2, queue: hold(2), due: dueDay, ivl: Math.max(1, card.scheduled_days), factor: 2500, left: 0, data };
  // Learning and relearning: due today at a moment (intraday queue), or on a later day (day-learning queue).
  const intraday = card.due < dayEnd(at.today, at.rollover);
  return {
    ...marks,
    type: card.state,
    queue: hold(intraday ? 1 : 3),
    due: intraday ? Math.floor(card.due / 1000) : dueDay,
    ivl: card.state === 3 ? Math.max(1, card.scheduled_days) : 0,
    factor: card.state === 3 ? 2500 : 0,
    left: 1001,
    data,
  };
}

/**
 * Each card's note guid: a card imported from Anki keeps its note's guid
 * (the first of its siblings here; the others get their own), so Anki
 * recognises the note; every other card gets one derived from its deck and
 * key, the same in every export.
 */
function guidsOf(cards: readonly CardRow[]): Map<number, string> {
  const guids = new Map<number, string>();
  const taken = new Set<string>();
  for (const card of cards) {
    const original = card.note_key.startsWith('anki:') ? card.note_key.slice(5) : '';
    let guid = original && !taken.has(original) ? original : `dm${createHash('sha1').update(`${card.deck_id}\n${card.key}`).digest('base64url').slice(0, 12)}`;
    while (taken.has(guid)) guid = `${guid}+`;
    taken.add(guid);
    guids.set(card.id, guid);
  }
  return guids;
}

/** A millisecond id not used yet (ids must be unique; the next free millisecond after a clash). */
function uniqueId(at: number, used: Set<number>): number {
  let id = Math.max(1, Math.floor(at));
  while (used.has(id)) id++;
  used.add(id);
  return id;
}

/** Anki's note checksum: the first 8 hex digits of the SHA-1 of the sort field's text, as a number. */
function checksum(text: string): number {
  return parseInt(createHash('sha1').update(text).digest('hex').slice(0, 8), 16);
}

/** A step written "30s", "10m", "1h" or "1d", in Anki's minutes. */
function stepMinutes(step: string): number {
  const value = Number.parseFloat(step);
  const unit = step.trim().slice(-1);
  return unit === 's' ? value / 60 : unit === 'h' ? value * 60 : unit === 'd' ? value * 1440 : value;
}

function noteTypeJson(nt: AnkiNoteTypeSpec, mod: number): Record<string, unknown> {
  return {
    id: nt.id,
    name: nt.name,
    type: nt.cloze ? 1 : 0,
    mod,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls: nt.templates.map((t, ord) => ({ name: t.name, ord, qfmt: t.qfmt, afmt: t.afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 })),
    flds: nt.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, description: '', plainText: false, collapsed: false, excludeFromSearch: false })),
    css: demarcNoteTypeCss,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    req: nt.cloze ? [] : nt.templates.map((_, ord) => [ord, 'any', [ord === 1 && nt.fields.length === 2 ? 1 : 0]]),
    tags: [],
    vers: [],
  };
}

/**
 * The media a package carries: every `media/<name>` a card's HTML points at,
 * read from the collection's media folder (regular files only, by a name the
 * importer could have saved, never through a link), the reference rewritten
 * to the bare name Anki uses.
 */
class MediaCollector {
  private readonly byName = new Map<string, Uint8Array | null>();
  private bytes = 0;

  constructor(private readonly dir: string | null) {}

  rewrite(html: string): string {
    return html.replace(/(\bsrc=["'])media\/([^"']+)(["'])/g, (whole, open: string, encoded: string, close: string) => {
      let name: string;
      try {
        name = decodeURIComponent(encoded);
      } catch {
        return whole;
      }
      return this.take(name) ? `${open}${encoded}${close}` : whole;
    });
  }

  private take(name: string): boolean {
    const known = this.byName.get(name);
    if (known !== undefined) return known !== null;
    let data: Uint8Array | null = null;
    if (this.dir && name === path.basename(name) && normaliseMediaName(name) === name) {
      try {
        const file = path.join(this.dir, name);
        const stat = fs.lstatSync(file);
        if (stat.isFile() && this.bytes + stat.size <= maxMediaBytes) {
          data = new Uint8Array(fs.readFileSync(file));
          this.bytes += data.length;
        }
      } catch {
        data = null;
      }
    }
    this.byName.set(name, data);
    return data !== null;
  }

  files(): { name: string; data: Uint8Array }[] {
    return [...this.byName].filter((e): e is [string, Uint8Array] => e[1] !== null).map(([name, data]) => ({ name, data }));
  }
}
