import type Database from 'better-sqlite3';
import type { Collection } from '../collection.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { studyDay } from '../domain/day-clock.js';
import type { DeckSummary } from '../domain/types.js';
import { addNewCardExtra } from './new-card-extras.js';

/** "Study this deck anyway": lets the deck introduce `count` more new cards today, then reports the deck's counts. */
export function extendNewToday(c: Collection, db: Database.Database, deckId: string, count: number): DeckSummary {
  if (!c.decks().some((d) => d.id === deckId)) throw new DemarcError(ErrorCode.notFound, `Deck "${deckId}" does not exist.`);
  addNewCardExtra(db, studyDay(c.now(), c.settings.rolloverHour), deckId, count);
  return c.decks().find((d) => d.id === deckId)!;
}
