import type Database from 'better-sqlite3';
import type { ChoiceContent, ServiceType } from '../domain/types.js';
import { lineCells, lineColumnServices, lineLayers, lineServices } from '../line/line-model.js';
import { failedTodayCte, knownSql, type KnownParams } from '../mastery/known-sql.js';
import { taskOf } from './practice-tasks.js';
import type { CardRecord, DeckRecord } from '../db/table-rows.js';
import { oneRow } from '../db/typed-statements.js';

/** A practice item as stored: a choice card of a practice deck. */
export interface ItemRecord {
  id: number;
  key: string;
  noteKey: string;
  deckId: string;
  serviceType: ServiceType;
  content: ChoiceContent;
}

/**
 * The exam-style items: the choice cards of the practice decks (service type
 * `practice`), active and not suspended. New items in those decks join the
 * practice exam as they ship.
 */
export function readPracticeItems(db: Database.Database, ids: readonly number[] | null = null): ItemRecord[] {
  const rows = db
    .prepare<[{ ids?: string }], Pick<CardRecord, 'id' | 'key' | 'note_key' | 'deck_id' | 'content'> & Pick<DeckRecord, 'service_type'>>(
      `SELECT c.id, c.key, c.note_key, c.deck_id, d.service_type, c.content
       FROM cards c JOIN decks d ON d.id = c.deck_id
       WHERE c.kind = 'choice' AND c.retired = 0 ${ids ? 'AND c.id IN (SELECT value FROM json_each(@ids))' : "AND c.suspended = 0 AND d.service_type = 'practice'"}
       ORDER BY c.id`,
    )
    .all(ids ? { ids: JSON.stringify(ids) } : {});
  return rows.map((r) => ({ id: r.id, key: r.key, noteKey: r.note_key, deckId: r.deck_id, serviceType: r.service_type, content: JSON.parse(r.content) as ChoiceContent }));
}

/** The chance of getting an item right by guessing: one of n options, or the one right set of k among n. */
export function guessRate(content: ChoiceContent): number {
  const n = content.options.length;
  const k = content.answer.length;
  if (n === 0) return 0;
  let combinations = 1;
  for (let i = 0; i < k; i++) combinations = (combinations * (n - i)) / (i + 1);
  return 1 / Math.max(1, combinations);
}

/**
 * The predicted chance of answering each item right, from the memory model:
 * the fact behind it is recalled with probability R (the best known value,
 * mastery/known-sql.ts, of the item's card and the cards of its fact group,
 * measured now), and when it is not, a guess is right at the guess rate:
 * p = R + (1 − R) · guess.
 */
export function predictItems(db: Database.Database, items: readonly ItemRecord[], known: KnownParams): Map<number, number> {
  const statement = db.prepare<[KnownParams & { noteKey: string }], number>(`WITH ${failedTodayCte} SELECT coalesce(max(${knownSql()}), 0) FROM cards WHERE note_key = @noteKey AND retired = 0`).pluck();
  const out = new Map<number, number>();
  for (const item of items) {
    const recall = oneRow(statement.get({ ...known, noteKey: item.noteKey }));
    const guess = guessRate(item.content);
    out.set(item.id, Math.min(1, Math.max(0, recall + (1 - recall) * guess)));
  }
  return out;
}

export function itemTask(item: ItemRecord): string {
  return taskOf(item.content, item.serviceType);
}

/** How results name a layer that falls the same on every service (the global infrastructure, the facilities). */
export const everyService = 'Every service';

/**
 * The Line cells an item teaches: those holding its card or a card of its
 * fact group (a cell holds the cards of its layer and service). A layer it
 * teaches on every service counts once, as "Every service".
 */
export function itemCells(db: Database.Database, item: ItemRecord): { layer: string; service: string }[] {
  const taught = db
    .prepare<[string, string], { layer: string | null; service: string | null }>("SELECT json_extract(content, '$.layer') AS layer, service FROM cards WHERE (note_key = ? OR key = ?) AND retired = 0")
    .all(item.noteKey, item.key);
  const has = (layer: string, service: string) => taught.some((t) => t.layer === layer && t.service === service);
  const cells: { layer: string; service: string }[] = [];
  for (const layer of lineLayers) {
    const services = lineServices.filter((service) => lineCells[layer.id]?.[service.id] && has(layer.id, lineColumnServices[service.id] ?? ''));
    if (services.length === lineServices.length) cells.push({ layer: layer.label, service: everyService });
    else for (const service of services) cells.push({ layer: layer.label, service: service.label });
  }
  return cells;
}
