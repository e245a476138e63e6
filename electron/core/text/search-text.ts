import type { BasicContent, ChoiceContent, ResponsibilityContent } from '../domain/types.js';
import { htmlToText } from './html-sanitizer.js';

/** The SQL function that gives a card's searchable text (registered on every connection, see db/sqlite-file.ts). */
export const searchTextFunction = 'demarc_search_text';

/**
 * The words a plain search matches: the card's text fields, not its JSON keys, markup removed, lower-cased.
 * Total: the card text index calls it inside every write of a card, so content of any shape gives a text
 * (fields that are not text are left out) and never an error.
 */
export function searchText(json: string): string {
  let c: Partial<Record<keyof ChoiceContent | keyof BasicContent | keyof ResponsibilityContent, unknown>>;
  try {
    c = JSON.parse(json) as typeof c;
  } catch {
    return '';
  }
  if (c === null || typeof c !== 'object') return '';
  const fields =
    c.kind === 'responsibility'
      ? [c.prompt, c.service ?? '', c.explanation]
      : c.kind === 'basic'
        ? [c.front, c.back, c.explanation ?? '']
        : [c.question, ...(Array.isArray(c.options) ? (c.options as unknown[]) : []), c.explanation];
  const text = fields.filter((f): f is string => typeof f === 'string').join('\n');
  return (c.kind === 'basic' && Boolean(c.html) ? htmlToText(text) : text).toLowerCase();
}
