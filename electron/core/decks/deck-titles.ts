import type Database from 'better-sqlite3';

/** Deck titles for card views, cached: a session shows the same few decks hundreds of times. */
export class DeckTitles {
  private readonly titles = new Map<string, string>();
  private readonly select: Database.Statement<[string], string>;

  constructor(db: Database.Database) {
    this.select = db.prepare<[string], string>('SELECT title FROM decks WHERE id = ?').pluck();
  }

  of(deckId: string): string {
    let title = this.titles.get(deckId);
    if (title === undefined) {
      title = this.select.get(deckId) ?? deckId;
      this.titles.set(deckId, title);
    }
    return title;
  }

  clear(): void {
    this.titles.clear();
  }
}
