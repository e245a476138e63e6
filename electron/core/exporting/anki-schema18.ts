import type { ScratchConnection } from '../db/sqlite-file.js';
import protobuf from 'protobufjs';
import { schema11Tables } from './anki-schema11.js';

/**
 * Anki's schema 18 collection (`collection.anki21b`, what current Anki
 * writes): the schema 11 tables plus the ones its upgrades add
 * (rslib/src/storage/upgrades/schema14/15/17/18_upgrade.sql), with note
 * types, fields, templates, decks and deck options as rows whose settings
 * are protobuf messages (proto/anki/notetypes.proto, decks.proto,
 * deck_config.proto) and collection settings as JSON values in `config`.
 * The `col` row keeps only its dates and version.
 *
 * Names are `COLLATE unicase` in Anki, a collation only Anki registers: the
 * tables are made with NOCASE (the same order for ASCII names) and the
 * schema text is switched to unicase once the rows are in.
 */
export const schema18Tables = `${schema11Tables.replace(/CREATE TABLE graves[^;]*;/, '')}
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL, PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE INDEX idx_graves_pending ON graves (usn);
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) without rowid;
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE NOCASE, usn integer NOT NULL, collapsed boolean NOT NULL, config blob NULL) without rowid;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE NOCASE, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL, usn integer NOT NULL,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL,
  kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_notes_mid ON notes (mid);
CREATE INDEX idx_cards_odid ON cards (odid) WHERE odid != 0;
`;

/** The messages written, as Anki declares them (field numbers and types copied; nested names flattened). */
const proto = protobuf.parse(`
syntax = "proto3";
package demarc.anki;
message UInt32 { uint32 val = 1; }
message CardRequirement { uint32 card_ord = 1; int32 kind = 2; repeated uint32 field_ords = 3; }
message NotetypeConfig {
  int32 kind = 1; uint32 sort_field_idx = 2; string css = 3; string latex_pre = 5; string latex_post = 6; bool latex_svg = 7;
  repeated CardRequirement reqs = 8;
}
message FieldConfig { bool sticky = 1; bool rtl = 2; string font_name = 3; uint32 font_size = 4; string description = 5; bool plain_text = 6; }
message TemplateConfig { string q_format = 1; string a_format = 2; string q_format_browser = 3; string a_format_browser = 4; }
message DeckCommon { bool study_collapsed = 1; bool browser_collapsed = 2; }
message DeckNormal { int64 config_id = 1; uint32 extend_new = 2; uint32 extend_review = 3; string description = 4; optional float desired_retention = 10; }
message DeckKind { oneof kind { DeckNormal normal = 1; } }
message DeckConfigConfig {
  repeated float learn_steps = 1; repeated float relearn_steps = 2; repeated float fsrs_params_6 = 6;
  uint32 new_per_day = 9; uint32 reviews_per_day = 10;
  float initial_ease = 11; float easy_multiplier = 12; float hard_multiplier = 13; float lapse_multiplier = 14; float interval_multiplier = 15;
  uint32 maximum_review_interval = 16; uint32 minimum_lapse_interval = 17; uint32 graduating_interval_good = 18; uint32 graduating_interval_easy = 19;
  int32 leech_action = 21; uint32 leech_threshold = 22; uint32 cap_answer_time_to_secs = 24; float desired_retention = 37;
}
message PackageMetadata { int32 version = 1; }
message MediaEntry { string name = 1; uint32 size = 2; bytes sha1 = 3; }
message MediaEntries { repeated MediaEntry entries = 1; }
`).root;

function encoder(name: string): (value: Record<string, unknown>) => Uint8Array {
  const type = proto.lookupType(`demarc.anki.${name}`);
  return (value) => {
    const problem = type.verify(value);
    if (problem) throw new Error(`${name}: ${problem}`);
    return type.encode(type.fromObject(value)).finish();
  };
}

export const encodeNotetypeConfig = encoder('NotetypeConfig');
export const encodeFieldConfig = encoder('FieldConfig');
export const encodeTemplateConfig = encoder('TemplateConfig');
export const encodeDeckCommon = encoder('DeckCommon');
export const encodeDeckKind = encoder('DeckKind');
export const encodeDeckConfig = encoder('DeckConfigConfig');
export const encodePackageMetadata = encoder('PackageMetadata');
export const encodeMediaEntries = encoder('MediaEntries');

/** Decoders for the same messages (tests and the importer read packages with them). */
export function decodeAnkiMessage(name: 'NotetypeConfig' | 'FieldConfig' | 'TemplateConfig' | 'DeckKind' | 'DeckConfigConfig' | 'PackageMetadata' | 'MediaEntries', bytes: Uint8Array): Record<string, unknown> {
  const type = proto.lookupType(`demarc.anki.${name}`);
  return type.toObject(type.decode(bytes), { longs: Number, defaults: true, oneofs: true }) as Record<string, unknown>;
}

/** PackageMetadata.Version.VERSION_LATEST: collection.anki21b, protobuf media list, zstd everywhere. */
export const packageVersionLatest = 3;
/** PackageMetadata.Version.VERSION_LEGACY_2: collection.anki21 in schema 11, JSON media map. */
export const packageVersionLegacy = 2;

export interface Schema18NoteType {
  id: number;
  name: string;
  cloze: boolean;
  fields: readonly string[];
  templates: readonly { name: string; qfmt: string; afmt: string }[];
  css: string;
  latexPre: string;
  latexPost: string;
}

export interface Schema18Deck {
  id: number;
  /** Levels joined by "::", as Anki shows them. */
  name: string;
  description: string;
  configId: number;
}

export interface Schema18DeckConfig {
  id: number;
  name: string;
  config: Record<string, unknown>;
}

/** Fills the schema 18 rows (after `schema18Tables`): note types with their fields and templates, decks, deck options, settings, tags. */
export function writeSchema18Rows(
  db: ScratchConnection,
  parts: { mod: number; noteTypes: readonly Schema18NoteType[]; decks: readonly Schema18Deck[]; deckConfigs: readonly Schema18DeckConfig[]; config: Record<string, unknown>; tags: Iterable<string> },
): void {
  const { mod } = parts;
  const addNoteType = db.prepare('INSERT INTO notetypes VALUES (?, ?, ?, -1, ?)');
  const addField = db.prepare('INSERT INTO fields VALUES (?, ?, ?, ?)');
  const addTemplate = db.prepare('INSERT INTO templates VALUES (?, ?, ?, ?, -1, ?)');
  for (const nt of parts.noteTypes) {
    addNoteType.run(
      nt.id,
      nt.name,
      mod,
      encodeNotetypeConfig({
        kind: nt.cloze ? 1 : 0,
        sortFieldIdx: 0,
        css: nt.css,
        latexPre: nt.latexPre,
        latexPost: nt.latexPost,
        reqs: nt.cloze ? [] : nt.templates.map((_, ord) => ({ cardOrd: ord, kind: 1, fieldOrds: [ord === 1 && nt.fields.length === 2 ? 1 : 0] })),
      }),
    );
    nt.fields.forEach((name, ord) => addField.run(nt.id, ord, name, encodeFieldConfig({ fontName: 'Arial', fontSize: 20 })));
    nt.templates.forEach((t, ord) => addTemplate.run(nt.id, ord, t.name, mod, encodeTemplateConfig({ qFormat: t.qfmt, aFormat: t.afmt })));
  }
  const addDeck = db.prepare('INSERT INTO decks VALUES (?, ?, ?, -1, ?, ?)');
  for (const d of parts.decks) {
    addDeck.run(d.id, d.name.split('::').join('\x1f'), mod, encodeDeckCommon({}), encodeDeckKind({ normal: { configId: d.configId, description: d.description } }));
  }
  const addDeckConfig = db.prepare('INSERT INTO deck_config VALUES (?, ?, ?, -1, ?)');
  for (const c of parts.deckConfigs) addDeckConfig.run(c.id, c.name, mod, encodeDeckConfig(c.config));
  const addConfig = db.prepare('INSERT INTO config VALUES (?, -1, ?, ?)');
  for (const [key, value] of Object.entries(parts.config)) addConfig.run(key, mod, Buffer.from(JSON.stringify(value)));
  const addTag = db.prepare('INSERT OR IGNORE INTO tags VALUES (?, -1, 0, NULL)');
  for (const tag of parts.tags) addTag.run(tag);
  db.prepare("UPDATE col SET ver = 18, conf = '', models = '', decks = '', dconf = '', tags = ''").run();
}

/** Names the collation Anki's tables declare (see above); the file is then for Anki (and Demarc's importer, which maps it back). */
export function declareUnicase(db: ScratchConnection): void {
  const version = Number(db.pragma('schema_version', { simple: true }));
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  db.prepare("UPDATE sqlite_master SET sql = replace(sql, 'COLLATE NOCASE', 'COLLATE unicase') WHERE type = 'table' AND sql LIKE '%COLLATE NOCASE%'").run();
  db.pragma(`schema_version = ${version + 1}`);
  db.pragma('writable_schema = OFF');
  db.unsafeMode(false);
}
