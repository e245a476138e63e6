import type Database from 'better-sqlite3';
import type { CardContent } from '../domain/types.js';
import { htmlToText } from '../text/html-sanitizer.js';

/** The SQL function that gives a card's searchable text: every text field, markup removed, lower-cased. */
export const searchTextFunction = 'demarc_search_text';

const registered = new WeakSet<Database.Database>();

/** Makes the search function available on a connection (once per connection). */
export function registerSearchFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function(searchTextFunction, { deterministic: true }, (content: unknown) => (typeof content === 'string' ? searchText(content) : ''));
  registered.add(db);
}

/** The words a plain search matches: the card's text fields, not its JSON keys. */
export function searchText(json: string): string {
  let c: CardContent;
  try {
    c = JSON.parse(json) as CardContent;
  } catch {
    return '';
  }
  const parts =
    c.kind === 'responsibility'
      ? [c.prompt, c.service ?? '', c.explanation]
      : c.kind === 'basic'
        ? [c.front, c.back, c.explanation ?? '']
        : [c.question, ...c.options, c.explanation];
  const text = parts.join('\n');
  return (c.kind === 'basic' && c.html ? htmlToText(text) : text).toLowerCase();
}
