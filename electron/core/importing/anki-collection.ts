import type Database from 'better-sqlite3';
import { openScratchCopy, type ScratchConnection } from '../db/sqlite-file.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { ankiCollectionLimits as limits } from './anki-collection-limits.js';
import { neutraliseSchema, requirePlainTable } from './anki-schema-guard.js';
import { decodeAnkiMessage } from '../exporting/anki-schema18.js';
import { protoString, protoVarint, readProto } from './protobuf.js';

export interface AnkiTemplate {
  ord: number;
  name: string;
  qfmt: string;
  afmt: string;
}

/** Anki ids are 64-bit integers: they are read as BigInt, since ids of 2^53 or more would collide as numbers. */
export type AnkiId = bigint;

export interface AnkiNoteType {
  id: AnkiId;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: AnkiTemplate[];
  /** The note type's CSS, as Anki stores it (the importer keeps it scoped to the card: text/card-css.ts). */
  css: string;
}

export interface AnkiNote {
  id: AnkiId;
  guid: string;
  mid: AnkiId;
  tags: string[];
  fields: string[];
}

export interface AnkiCard {
  id: AnkiId;
  nid: AnkiId;
  /** The home deck (the original deck of a card in a filtered deck). */
  did: AnkiId;
  ord: number;
  /** 0 new, 1 learning, 2 review, 3 relearning (v1 collections mark relearning cards 2 with a learning queue). */
  type: number;
  /** -3/-2 buried, -1 suspended, 0 new, 1 learning, 2 review, 3 day learning, 4 preview. */
  queue: number;
  /** New: position; learning (queue 1): epoch seconds; review and day learning: days since the collection's creation. */
  due: number;
  /** The due before the card went into a filtered deck (0 when it is in none). */
  odue: number;
  inFilteredDeck: boolean;
  /** Interval in days (review cards). */
  ivl: number;
  reps: number;
  lapses: number;
  flags: number;
  /** The `data` column: JSON holding the FSRS memory state when Anki had FSRS on. */
  data: string;
}

export interface AnkiReview {
  /** Milliseconds since the epoch (a number: any id past 2^53 is no real date and is left out). */
  id: number;
  cid: AnkiId;
  ease: number;
  time: number;
  type: number;
}

export interface AnkiDeckRetention {
  /** The options preset's name in Anki (the deck's own name when the retention is the deck's override). */
  presetName: string;
  desiredRetention: number;
}

export interface AnkiCollection {
  /** The collection's creation, in seconds: review due dates count days from it. */
  crt: number;
  /**
   * The scheduler the history was answered with (`schedVer`, 1 when absent, as
   * Anki reads it). Version 1 learning and relearning answers had three buttons.
   */
  schedulerVersion: 1 | 2;
  noteTypes: Map<AnkiId, AnkiNoteType>;
  decks: Map<AnkiId, string>;
  /**
   * Each deck's desired retention, when Anki stored one (its own override or
   * its options preset's), with the preset's name: FSRS schedules by it.
   */
  deckRetention: Map<AnkiId, AnkiDeckRetention>;
  notes: Map<AnkiId, AnkiNote>;
  cards: AnkiCard[];
  revlog: AnkiReview[];
}

/**
 * Reads the three collection formats: collection.anki2 and .anki21 (schema 11,
 * note types and decks as JSON in the `col` table) and .anki21b (schema 18,
 * `notetypes`/`fields`/`templates`/`decks` tables with protobuf configs).
 *
 * The database is opened as a private in-memory copy (no temporary file to
 * leave behind), its schema made harmless first (see anki-schema-guard.ts),
 * then read with `trusted_schema=OFF` by its known columns only, every value
 * bounded in size (anki-collection-limits.ts) and every id as a BigInt.
 */
export function readAnkiCollection(fileName: string, entry: string, bytes: Uint8Array, options: { includeHistory: boolean }): AnkiCollection {
  const where = `${fileName}: ${entry}`;
  if (bytes.length < 100 || new TextDecoder().decode(bytes.subarray(0, 16)) !== 'SQLite format 3\0') {
    throw new DemarcError(ErrorCode.invalidFile, `${where}: not an SQLite database.`);
  }
  const copy = Buffer.from(bytes);
  // A WAL-mode header would make SQLite look for a -wal file: switch the copy to rollback mode.
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: ScratchConnection | null = null;
  try {
    db = openScratchCopy(copy);
    db.pragma('trusted_schema = OFF');
    neutraliseSchema(db);
    db.defaultSafeIntegers(true);
    return readTables(db, where, options);
  } catch (error) {
    if (error instanceof DemarcError) throw error;
    throw new DemarcError(ErrorCode.invalidFile, `${where}: cannot be read as an Anki collection (${(error as Error).message}).`);
  } finally {
    db?.close();
  }
}

/** A column read through substr(…, 1, limit + 1), so a longer value shows as one character too many, never as a huge string. */
function bounded(where: string, what: string, value: unknown, limit: number): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  if (text.length > limit) throw new DemarcError(ErrorCode.invalidFile, `${where}: ${what} is longer than ${limit.toLocaleString('en')} characters; the collection was refused.`);
  return text;
}

function boundedBlob(where: string, what: string, value: unknown): Uint8Array {
  const bytes = value instanceof Uint8Array ? value : typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array();
  if (bytes.length > limits.maxConfigBytes) throw new DemarcError(ErrorCode.invalidFile, `${where}: ${what} is larger than ${limits.maxConfigBytes} bytes; the collection was refused.`);
  return bytes;
}

function countCheck(where: string, what: string, count: number, limit: number): void {
  if (count > limit) throw new DemarcError(ErrorCode.invalidFile, `${where}: more than ${limit.toLocaleString('en')} ${what}; the collection was refused.`);
}

/** An integer column as a BigInt id (a text or real value that is no integer becomes -1, matching nothing). */
function idOf(value: unknown): AnkiId {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  return -1n;
}

function numberOf(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

const cap = (column: string, limit: number) => `substr(${column}, 1, ${limit + 1})`;

function readTables(db: Database.Database, where: string, options: { includeHistory: boolean }): AnkiCollection {
  const tables = new Set(db.prepare<[], string>("SELECT lower(name) FROM sqlite_master WHERE type = 'table'").pluck().all());
  const schema18 = tables.has('notetypes');
  const required = schema18 ? ['notes', 'cards', 'notetypes', 'fields', 'templates', 'decks'] : ['col', 'notes', 'cards'];
  for (const t of required) requirePlainTable(db, t, where);
  const history = options.includeHistory && tables.has('revlog');
  if (history) requirePlainTable(db, 'revlog', where);

  const { noteTypes, decks, deckRetention } = schema18 ? readSchema18(db, where, tables) : readSchema11(db, where);

  const notes = new Map<AnkiId, AnkiNote>();
  const noteRows = db.prepare<[], unknown[]>(
    `SELECT id, ${cap('guid', limits.maxNameChars)}, mid, ${cap('tags', limits.maxTagChars)}, ${cap('flds', limits.maxNoteChars)} FROM notes`,
  );
  for (const r of noteRows.raw().iterate()) {
    countCheck(where, 'notes', notes.size + 1, limits.maxNotes);
    const id = idOf(r[0]);
    notes.set(id, {
      id,
      guid: bounded(where, `the guid of note ${id}`, r[1], limits.maxNameChars),
      mid: idOf(r[2]),
      tags: bounded(where, `the tags of note ${id}`, r[3], limits.maxTagChars).split(/\s+/).filter(Boolean),
      fields: bounded(where, `the fields of note ${id}`, r[4], limits.maxNoteChars).split('\x1f'),
    });
  }
  const cards: AnkiCard[] = [];
  // Scheduling columns a damaged or minimal file lacks read as 0 / empty: the card then arrives new.
  const cardColumns = columnsOf(db, 'cards');
  const optional = (column: string, fallback: string) => (cardColumns.has(column) ? column : `${fallback} AS ${column}`);
  const cardSql = `SELECT id, nid, did, ${optional('odid', '0')}, ord, ${['type', 'queue', 'due', 'ivl', 'reps', 'lapses', 'odue', 'flags'].map((c) => optional(c, '0')).join(', ')},
    ${cardColumns.has('data') ? cap('data', limits.maxCardDataChars) : "''"} FROM cards ORDER BY id`;
  for (const r of db.prepare<[], unknown[]>(cardSql).raw().iterate()) {
    countCheck(where, 'cards', cards.length + 1, limits.maxCards);
    const odid = idOf(r[3] ?? 0n);
    const id = idOf(r[0]);
    cards.push({
      id,
      nid: idOf(r[1]),
      did: odid > 0n ? odid : idOf(r[2]),
      ord: numberOf(r[4]),
      type: integerOf(r[5]),
      queue: integerOf(r[6]),
      due: integerOf(r[7]),
      ivl: integerOf(r[8]),
      reps: integerOf(r[9]),
      lapses: integerOf(r[10]),
      odue: integerOf(r[11]),
      inFilteredDeck: odid > 0n,
      flags: integerOf(r[12]),
      data: bounded(where, `the data of card ${id}`, r[13], limits.maxCardDataChars),
    });
  }
  const revlog: AnkiReview[] = [];
  if (history) {
    for (const r of db.prepare<[], unknown[]>('SELECT id, cid, ease, time, type FROM revlog ORDER BY id').raw().iterate()) {
      countCheck(where, 'reviews', revlog.length + 1, limits.maxReviews);
      revlog.push({ id: numberOf(r[0]), cid: idOf(r[1]), ease: numberOf(r[2]), time: numberOf(r[3]), type: numberOf(r[4]) });
    }
  }
  return { crt: integerOf(readCreation(db)), schedulerVersion: schema18 ? schedulerVersion18(db, where) : schedulerVersion11(db, where), noteTypes, decks, deckRetention, notes, cards, revlog };
}

function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.pragma(`table_xinfo("${table}")`) as { name: string }[]).map((c) => c.name.toLowerCase()));
}

/** A whole number within ±2^53 from an integer column (anything else reads as 0). */
function integerOf(value: unknown): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

function readCreation(db: Database.Database): unknown {
  if (!columnsOf(db, 'col').has('crt')) return 0;
  return db.prepare('SELECT crt FROM col LIMIT 1').pluck().get();
}

/** Schema 11 keeps `schedVer` in the `col.conf` JSON. */
function schedulerVersion11(db: Database.Database, where: string): 1 | 2 {
  if (!columnsOf(db, 'col').has('conf')) return 1;
  const conf = db.prepare(`SELECT ${cap('conf', limits.maxConfigBytes)} FROM col LIMIT 1`).pluck().get();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bounded(where, 'col.conf', conf, limits.maxConfigBytes) || '{}');
  } catch {
    return 1;
  }
  return versionOf(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).schedVer : undefined);
}

/** Schema 18 keeps it as a row of the `config` table, its value JSON. */
function schedulerVersion18(db: Database.Database, where: string): 1 | 2 {
  const hasConfig = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'config' COLLATE NOCASE").get();
  if (!hasConfig) return 1;
  requirePlainTable(db, 'config', where);
  const value = db.prepare(`SELECT ${cap('val', 100)} FROM config WHERE KEY = 'schedVer'`).pluck().get();
  if (value === undefined) return 1;
  try {
    return versionOf(JSON.parse(bounded(where, 'the schedVer setting', value, 100)));
  } catch {
    return 1;
  }
}

const versionOf = (value: unknown): 1 | 2 => (Number(value) >= 2 ? 2 : 1);

/** A retention Demarc can schedule by (its settings allow 70–99 %); anything else is left out. */
function retentionOf(value: unknown): number | null {
  const n = typeof value === 'number' ? Math.round(value * 1000) / 1000 : NaN;
  return n >= 0.7 && n <= 0.99 ? n : null;
}

/** A protobuf message decoded, or null when it is damaged (the retention is then unknown, nothing else is lost). */
function decodedOrNull(name: 'DeckKind' | 'DeckConfigConfig', bytes: Uint8Array): Record<string, unknown> | null {
  try {
    return decodeAnkiMessage(name, bytes);
  } catch {
    return null;
  }
}

function readSchema18(db: Database.Database, where: string, tables: Set<string>): Pick<AnkiCollection, 'noteTypes' | 'decks' | 'deckRetention'> {
  const noteTypes = new Map<AnkiId, AnkiNoteType>();
  const name = cap('name', limits.maxNameChars);
  const config = cap('config', limits.maxConfigBytes);
  for (const r of db.prepare<[], { id: unknown; name: unknown; config: unknown }>(`SELECT id, ${name} AS name, ${config} AS config FROM notetypes`).all()) {
    const id = idOf(r.id);
    const typeName = bounded(where, `the name of note type ${id}`, r.name, limits.maxNameChars);
    let cloze = false;
    let css = '';
    try {
      const parts = readProto(boundedBlob(where, `the config of note type "${typeName}"`, r.config));
      cloze = protoVarint(parts, 1) === 1;
      css = bounded(where, `the CSS of note type "${typeName}"`, protoString(parts, 3) ?? '', limits.maxTemplateChars);
    } catch (error) {
      if (error instanceof DemarcError) throw error;
      throw new DemarcError(ErrorCode.invalidFile, `${where}: note type "${typeName}" has a damaged config (${(error as Error).message}).`);
    }
    noteTypes.set(id, { id, name: typeName, cloze, fields: [], templates: [], css });
  }
  const fields = db.prepare<[], { ntid: unknown; ord: unknown; name: unknown }>(`SELECT ntid, ord, ${name} AS name FROM fields`).all().map((f) => ({
    ntid: idOf(f.ntid),
    ord: numberOf(f.ord),
    name: bounded(where, 'a field name', f.name, limits.maxNameChars),
  }));
  fields.sort((a, b) => (a.ntid < b.ntid ? -1 : a.ntid > b.ntid ? 1 : a.ord - b.ord));
  for (const f of fields) noteTypes.get(f.ntid)?.fields.push(f.name);
  for (const t of db.prepare<[], { ntid: unknown; ord: unknown; name: unknown; config: unknown }>(`SELECT ntid, ord, ${name} AS name, ${config} AS config FROM templates`).all()) {
    const nt = noteTypes.get(idOf(t.ntid));
    if (!nt) continue;
    const templateName = bounded(where, 'a template name', t.name, limits.maxNameChars);
    try {
      const parts = readProto(boundedBlob(where, `template "${templateName}"`, t.config));
      nt.templates.push({
        ord: numberOf(t.ord),
        name: templateName,
        qfmt: bounded(where, `template "${templateName}"`, protoString(parts, 1) ?? '', limits.maxTemplateChars),
        afmt: bounded(where, `template "${templateName}"`, protoString(parts, 2) ?? '', limits.maxTemplateChars),
      });
    } catch (error) {
      if (error instanceof DemarcError) throw error;
      throw new DemarcError(ErrorCode.invalidFile, `${where}: template "${templateName}" of note type "${nt.name}" is damaged (${(error as Error).message}).`);
    }
  }
  for (const nt of noteTypes.values()) nt.templates.sort((a, b) => a.ord - b.ord);
  const presets = new Map<AnkiId, AnkiDeckRetention>();
  if (tables.has('deck_config')) {
    requirePlainTable(db, 'deck_config', where);
    for (const c of db.prepare<[], { id: unknown; name: unknown; config: unknown }>(`SELECT id, ${name} AS name, ${config} AS config FROM deck_config`).all()) {
      const retention = retentionOf(decodedOrNull('DeckConfigConfig', boundedBlob(where, 'a deck options preset', c.config))?.desiredRetention);
      if (retention !== null) presets.set(idOf(c.id), { presetName: bounded(where, 'a preset name', c.name, limits.maxNameChars), desiredRetention: retention });
    }
  }
  const decks = new Map<AnkiId, string>();
  const deckRetention = new Map<AnkiId, AnkiDeckRetention>();
  const kind = cap('kind', limits.maxConfigBytes);
  for (const d of db.prepare<[], { id: unknown; name: unknown; kind: unknown }>(`SELECT id, ${name} AS name, ${kind} AS kind FROM decks`).all()) {
    // Schema 18 separates deck levels with \x1f; Anki shows them as "::".
    const id = idOf(d.id);
    const deckName = bounded(where, 'a deck name', d.name, limits.maxNameChars).split('\x1f').join('::');
    decks.set(id, deckName);
    const normal = decodedOrNull('DeckKind', boundedBlob(where, `deck "${deckName}"`, d.kind))?.normal as { configId?: unknown; desiredRetention?: unknown } | undefined;
    if (!normal) continue;
    const own = normal.desiredRetention === undefined || normal.desiredRetention === null ? null : retentionOf(normal.desiredRetention);
    const preset = presets.get(idOf(normal.configId ?? 1));
    if (own !== null) deckRetention.set(id, { presetName: deckName, desiredRetention: own });
    else if (preset) deckRetention.set(id, preset);
  }
  return { noteTypes, decks, deckRetention };
}

function readSchema11(db: Database.Database, where: string): Pick<AnkiCollection, 'noteTypes' | 'decks' | 'deckRetention'> {
  const hasDconf = columnsOf(db, 'col').has('dconf');
  const col = db
    .prepare<[], { models: unknown; decks: unknown; dconf: unknown }>(`SELECT ${cap('models', limits.maxConfigBytes)} AS models, ${cap('decks', limits.maxConfigBytes)} AS decks, ${hasDconf ? cap('dconf', limits.maxConfigBytes) : "''"} AS dconf FROM col LIMIT 1`)
    .get();
  if (!col) throw new DemarcError(ErrorCode.invalidFile, `${where}: the "col" table is empty.`);
  const models = parseJsonObject(bounded(where, 'col.models', col.models, limits.maxConfigBytes), `${where}: col.models`);
  const noteTypes = new Map<AnkiId, AnkiNoteType>();
  for (const [key, value] of Object.entries(models)) {
    const m = value as { id?: unknown; name?: unknown; type?: unknown; flds?: unknown; tmpls?: unknown; css?: unknown };
    if (!m || typeof m !== 'object' || !Array.isArray(m.flds) || !Array.isArray(m.tmpls)) {
      throw new DemarcError(ErrorCode.invalidFile, `${where}: note type ${key} in col.models has no fields or templates.`);
    }
    // The object key is the id as text, exact; the JSON number "id" beside it loses precision past 2^53.
    const id = idOf(key) >= 0n ? idOf(key) : idOf(m.id);
    const fields = (m.flds as { name?: unknown; ord?: unknown }[])
      .map((f, i) => ({ name: bounded(where, 'a field name', f?.name, limits.maxNameChars), ord: Number(f?.ord ?? i) }))
      .sort((a, b) => a.ord - b.ord)
      .map((f) => f.name);
    const templates = (m.tmpls as { name?: unknown; ord?: unknown; qfmt?: unknown; afmt?: unknown }[])
      .map((t, i) => ({
        ord: Number(t?.ord ?? i),
        name: bounded(where, 'a template name', t?.name, limits.maxNameChars),
        qfmt: bounded(where, 'a template', t?.qfmt, limits.maxTemplateChars),
        afmt: bounded(where, 'a template', t?.afmt, limits.maxTemplateChars),
      }))
      .sort((a, b) => a.ord - b.ord);
    const css = typeof m.css === 'string' ? bounded(where, 'a note type\'s CSS', m.css, limits.maxTemplateChars) : '';
    noteTypes.set(id, { id, name: bounded(where, 'a note type name', m.name ?? `Note type ${id}`, limits.maxNameChars), cloze: Number(m.type) === 1, fields, templates, css });
  }
  // Deck options (Anki 23.10+ keeps `desiredRetention` in each); an unreadable dconf only loses the retention.
  const presets = new Map<string, AnkiDeckRetention>();
  let dconf: Record<string, unknown> = {};
  try {
    dconf = parseJsonObject(bounded(where, 'col.dconf', col.dconf, limits.maxConfigBytes) || '{}', `${where}: col.dconf`);
  } catch {
    dconf = {};
  }
  for (const [key, value] of Object.entries(dconf)) {
    const c = value as { name?: unknown; desiredRetention?: unknown } | null;
    const retention = retentionOf(c?.desiredRetention);
    if (retention !== null) presets.set(key, { presetName: bounded(where, 'a preset name', typeof c?.name === 'string' ? c.name : `Preset ${key}`, limits.maxNameChars), desiredRetention: retention });
  }
  const decks = new Map<AnkiId, string>();
  const deckRetention = new Map<AnkiId, AnkiDeckRetention>();
  for (const [key, value] of Object.entries(parseJsonObject(bounded(where, 'col.decks', col.decks, limits.maxConfigBytes), `${where}: col.decks`))) {
    const d = value as { id?: unknown; name?: unknown; conf?: unknown; desiredRetention?: unknown };
    const id = idOf(key) >= 0n ? idOf(key) : idOf(d?.id);
    const deckName = bounded(where, 'a deck name', d?.name ?? `Deck ${key}`, limits.maxNameChars);
    decks.set(id, deckName);
    const own = retentionOf(d?.desiredRetention);
    const preset = presets.get(String(d?.conf ?? 1));
    if (own !== null) deckRetention.set(id, { presetName: deckName, desiredRetention: own });
    else if (preset) deckRetention.set(id, preset);
  }
  return { noteTypes, decks, deckRetention };
}

function parseJsonObject(text: unknown, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(String(text ?? ''));
  } catch (error) {
    throw new DemarcError(ErrorCode.invalidFile, `${where} is not valid JSON (${(error as Error).message}).`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DemarcError(ErrorCode.invalidFile, `${where} is not a JSON object.`);
  return value as Record<string, unknown>;
}
