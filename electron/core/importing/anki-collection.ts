import type Database from 'better-sqlite3';
import { openSqliteFile } from '../db/sqlite-file.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { protoString, protoVarint, readProto } from './protobuf.js';

export interface AnkiTemplate {
  ord: number;
  name: string;
  qfmt: string;
  afmt: string;
}

export interface AnkiNoteType {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: AnkiTemplate[];
}

export interface AnkiNote {
  id: number;
  guid: string;
  mid: number;
  tags: string[];
  fields: string[];
}

export interface AnkiCard {
  id: number;
  nid: number;
  /** The home deck (the original deck of a card in a filtered deck). */
  did: number;
  ord: number;
}

export interface AnkiReview {
  id: number;
  cid: number;
  ease: number;
  time: number;
  type: number;
}

export interface AnkiCollection {
  noteTypes: Map<number, AnkiNoteType>;
  decks: Map<number, string>;
  notes: Map<number, AnkiNote>;
  cards: AnkiCard[];
  revlog: AnkiReview[];
}

/**
 * Reads the three collection formats: collection.anki2 and .anki21 (schema 11,
 * note types and decks as JSON in the `col` table) and .anki21b (schema 18,
 * `notetypes`/`fields`/`templates`/`decks` tables with protobuf configs).
 *
 * The database is copied to a temporary file that is removed afterwards.
 * Anki declares some columns `COLLATE unicase`, a collation only Anki has;
 * SQLite refuses any statement on those tables (for WITHOUT ROWID tables even
 * full scans fail with "no query solution"), and better-sqlite3 cannot register
 * collations. So the copy's schema text is rewritten to `COLLATE NOCASE`
 * first (PRAGMA writable_schema); the data is then read read-only, with full
 * scans that never depend on those indexes' order.
 */
export function readAnkiCollection(fileName: string, entry: string, bytes: Uint8Array, options: { includeHistory: boolean }): AnkiCollection {
  const where = `${fileName}: ${entry}`;
  if (bytes.length < 100 || new TextDecoder().decode(bytes.subarray(0, 16)) !== 'SQLite format 3\0') {
    throw new DemarcError(ErrorCode.invalidFile, `${where}: not an SQLite database.`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-import-'));
  const file = path.join(dir, 'collection.sqlite');
  try {
    const copy = Buffer.from(bytes);
    // A WAL-mode header would make even a read-only open look for -wal/-shm files: switch it to rollback mode.
    if (copy[18] === 2) copy[18] = 1;
    if (copy[19] === 2) copy[19] = 1;
    fs.writeFileSync(file, copy);
    let db: Database.Database | null = null;
    try {
      neutraliseCollations(file);
      db = openSqliteFile(file, { readonly: true, fileMustExist: true });
      return readTables(db, where, options);
    } catch (error) {
      if (error instanceof DemarcError) throw error;
      throw new DemarcError(ErrorCode.invalidFile, `${where}: cannot be read as an Anki collection (${(error as Error).message}).`);
    } finally {
      db?.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const unicase = /collate\s+(["'`]?)unicase\1/gi;

function neutraliseCollations(file: string): void {
  const db = openSqliteFile(file, { fileMustExist: true });
  try {
    const rows = db.prepare("SELECT rowid, sql FROM sqlite_master WHERE sql IS NOT NULL").all() as { rowid: number; sql: string }[];
    const changed = rows.filter((r) => unicase.test(r.sql));
    unicase.lastIndex = 0;
    if (!changed.length) return;
    db.unsafeMode(true);
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.pragma('writable_schema = ON');
    const update = db.prepare('UPDATE sqlite_master SET sql = ? WHERE rowid = ?');
    db.transaction(() => {
      for (const r of changed) update.run(r.sql.replace(unicase, 'COLLATE NOCASE'), r.rowid);
    })();
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.close();
  }
}

function readTables(db: Database.Database, where: string, options: { includeHistory: boolean }): AnkiCollection {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((n) => n.toLowerCase()));
  const schema18 = tables.has('notetypes');
  const required = schema18 ? ['notes', 'cards', 'notetypes', 'fields', 'templates', 'decks'] : ['col', 'notes', 'cards'];
  for (const t of required) if (!tables.has(t)) throw new DemarcError(ErrorCode.invalidFile, `${where}: not an Anki collection (table "${t}" is missing).`);

  const { noteTypes, decks } = schema18 ? readSchema18(db, where) : readSchema11(db, where);

  const notes = new Map<number, AnkiNote>();
  for (const r of db.prepare('SELECT id, guid, mid, tags, flds FROM notes').raw().iterate() as IterableIterator<unknown[]>) {
    const id = Number(r[0]);
    notes.set(id, {
      id,
      guid: String(r[1] ?? ''),
      mid: Number(r[2]),
      tags: String(r[3] ?? '').split(/\s+/).filter(Boolean),
      fields: String(r[4] ?? '').split('\x1f'),
    });
  }
  const cards: AnkiCard[] = [];
  for (const r of db.prepare('SELECT id, nid, did, odid, ord FROM cards ORDER BY id').raw().iterate() as IterableIterator<unknown[]>) {
    const odid = Number(r[3] ?? 0);
    cards.push({ id: Number(r[0]), nid: Number(r[1]), did: odid ? odid : Number(r[2]), ord: Number(r[4]) });
  }
  const revlog: AnkiReview[] = [];
  if (options.includeHistory && tables.has('revlog')) {
    for (const r of db.prepare('SELECT id, cid, ease, time, type FROM revlog ORDER BY id').raw().iterate() as IterableIterator<unknown[]>) {
      revlog.push({ id: Number(r[0]), cid: Number(r[1]), ease: Number(r[2]), time: Number(r[3]), type: Number(r[4]) });
    }
  }
  return { noteTypes, decks, notes, cards, revlog };
}

function readSchema18(db: Database.Database, where: string): Pick<AnkiCollection, 'noteTypes' | 'decks'> {
  const noteTypes = new Map<number, AnkiNoteType>();
  for (const r of db.prepare('SELECT id, name, config FROM notetypes').all() as { id: number; name: string; config: Uint8Array | null }[]) {
    let cloze = false;
    try {
      cloze = protoVarint(readProto(r.config ?? new Uint8Array()), 1) === 1;
    } catch (error) {
      throw new DemarcError(ErrorCode.invalidFile, `${where}: note type "${r.name}" has a damaged config (${(error as Error).message}).`);
    }
    noteTypes.set(Number(r.id), { id: Number(r.id), name: String(r.name), cloze, fields: [], templates: [] });
  }
  const fields = db.prepare('SELECT ntid, ord, name FROM fields').all() as { ntid: number; ord: number; name: string }[];
  fields.sort((a, b) => a.ntid - b.ntid || a.ord - b.ord);
  for (const f of fields) noteTypes.get(Number(f.ntid))?.fields.push(String(f.name));
  for (const t of db.prepare('SELECT ntid, ord, name, config FROM templates').all() as { ntid: number; ord: number; name: string; config: Uint8Array | null }[]) {
    const nt = noteTypes.get(Number(t.ntid));
    if (!nt) continue;
    try {
      const config = readProto(t.config ?? new Uint8Array());
      nt.templates.push({ ord: Number(t.ord), name: String(t.name), qfmt: protoString(config, 1) ?? '', afmt: protoString(config, 2) ?? '' });
    } catch (error) {
      throw new DemarcError(ErrorCode.invalidFile, `${where}: template "${t.name}" of note type "${nt.name}" is damaged (${(error as Error).message}).`);
    }
  }
  for (const nt of noteTypes.values()) nt.templates.sort((a, b) => a.ord - b.ord);
  const decks = new Map<number, string>();
  for (const d of db.prepare('SELECT id, name FROM decks').all() as { id: number; name: string }[]) {
    // Schema 18 separates deck levels with \x1f; Anki shows them as "::".
    decks.set(Number(d.id), String(d.name).split('\x1f').join('::'));
  }
  return { noteTypes, decks };
}

function readSchema11(db: Database.Database, where: string): Pick<AnkiCollection, 'noteTypes' | 'decks'> {
  const col = db.prepare('SELECT models, decks FROM col LIMIT 1').get() as { models: string; decks: string } | undefined;
  if (!col) throw new DemarcError(ErrorCode.invalidFile, `${where}: the "col" table is empty.`);
  const models = parseJsonObject(col.models, `${where}: col.models`);
  const noteTypes = new Map<number, AnkiNoteType>();
  for (const [key, value] of Object.entries(models)) {
    const m = value as { id?: unknown; name?: unknown; type?: unknown; flds?: unknown; tmpls?: unknown };
    if (!m || typeof m !== 'object' || !Array.isArray(m.flds) || !Array.isArray(m.tmpls)) {
      throw new DemarcError(ErrorCode.invalidFile, `${where}: note type ${key} in col.models has no fields or templates.`);
    }
    const id = Number(m.id ?? key);
    const fields = (m.flds as { name?: unknown; ord?: unknown }[])
      .map((f, i) => ({ name: String(f?.name ?? ''), ord: Number(f?.ord ?? i) }))
      .sort((a, b) => a.ord - b.ord)
      .map((f) => f.name);
    const templates = (m.tmpls as { name?: unknown; ord?: unknown; qfmt?: unknown; afmt?: unknown }[])
      .map((t, i) => ({ ord: Number(t?.ord ?? i), name: String(t?.name ?? ''), qfmt: String(t?.qfmt ?? ''), afmt: String(t?.afmt ?? '') }))
      .sort((a, b) => a.ord - b.ord);
    noteTypes.set(id, { id, name: String(m.name ?? `Note type ${id}`), cloze: Number(m.type) === 1, fields, templates });
  }
  const decks = new Map<number, string>();
  for (const [key, value] of Object.entries(parseJsonObject(col.decks, `${where}: col.decks`))) {
    const d = value as { id?: unknown; name?: unknown };
    decks.set(Number(d?.id ?? key), String(d?.name ?? `Deck ${key}`));
  }
  return { noteTypes, decks };
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
