import path from 'node:path';
import Papa from 'papaparse';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { owners, type CardContent, type Owner } from '../domain/types.js';
import type { CardInput, DeckInput } from '../decks/deck-input.js';
import type { ColumnMapping, ImportOptions } from './import-types.js';
import { importLimits, invalidFile } from './import-limits.js';
import { decodeText } from './detect-format.js';
import { addSkip, emptyParsed, importedDeckId, shortHash, type ParsedImport } from './import-model.js';
import { unescapeFormula } from '../text/spreadsheet-formulas.js';
import { htmlToText, isBlankHtml, sanitizeCardHtml, textToHtml } from '../text/html-sanitizer.js';
import { clozeNumbers, renderCloze } from './anki-templates.js';
import { cleanText, needsCleaning } from '../domain/text-hygiene.js';
import { valueBounds } from '../domain/value-rules.js';

/** Anki's text-export header lines (`#key:value` at the top of the file). */
export interface CsvDirectives {
  separator?: string;
  html?: boolean;
  tags: string[];
  /** The `#columns:` line, split once the separator is known. */
  columnsText?: string;
  deck?: string;
  notetype?: string;
  /** 0-based column indexes from the 1-based `#… column:` lines. */
  deckColumn?: number;
  tagsColumn?: number;
  guidColumn?: number;
  notetypeColumn?: number;
}

const separatorNames: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', space: ' ', pipe: '|', colon: ':' };
const directiveKeys = new Set(['separator', 'html', 'tags', 'columns', 'deck', 'notetype', 'deck column', 'tags column', 'guid column', 'notetype column', 'if matches']);

/** Reads the leading `#key:value` lines; returns them and where the data starts. */
export function readDirectives(fileName: string, text: string, warnings: string[]): { directives: CsvDirectives; bodyStart: number; headerLines: number } {
  const directives: CsvDirectives = { tags: [] };
  let pos = 0;
  let lines = 0;
  const raw: [string, string, number][] = [];
  while (pos < text.length && text[pos] === '#') {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end === -1 ? text.length : end).replace(/\r$/, '');
    const m = /^#([A-Za-z ]+):(.*)$/.exec(line);
    if (!m) break;
    const key = m[1]!.trim().toLowerCase();
    lines++;
    pos = end === -1 ? text.length : end + 1;
    if (!directiveKeys.has(key)) {
      warnings.push(`${fileName}: line ${lines}: unknown header "#${m[1]}:" ignored.`);
      continue;
    }
    // The separator may be any one character, and splits the column names; every other value is text (domain/text-hygiene.ts).
    raw.push([key, key === 'separator' || key === 'columns' ? m[2]! : cleanText(m[2]!), lines]);
  }
  for (const [key, value, line] of raw) {
    const v = value.trim();
    const column = (): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw invalidFile(fileName, `line ${line}: "#${key}:" needs a column number from 1 (got "${v}").`);
      return n - 1;
    };
    switch (key) {
      case 'separator': {
        const named = separatorNames[v.toLowerCase()];
        if (named) directives.separator = named;
        else if (value.length === 1) directives.separator = value;
        else throw invalidFile(fileName, `line ${line}: unknown separator "${value}" (use Comma, Semicolon, Tab, Space, Pipe or one character).`);
        break;
      }
      case 'html':
        if (!/^(true|false)$/i.test(v)) throw invalidFile(fileName, `line ${line}: "#html:" must be true or false.`);
        directives.html = v.toLowerCase() === 'true';
        break;
      case 'tags':
        directives.tags.push(...v.split(/\s+/).filter(Boolean));
        break;
      case 'columns':
        directives.columnsText = value;
        break;
      case 'deck':
        if (v) directives.deck = v;
        break;
      case 'notetype':
        if (v) directives.notetype = v;
        break;
      case 'deck column':
        directives.deckColumn = column();
        break;
      case 'tags column':
        directives.tagsColumn = column();
        break;
      case 'guid column':
        directives.guidColumn = column();
        break;
      case 'notetype column':
        directives.notetypeColumn = column();
        break;
    }
  }
  return { directives, bodyStart: pos, headerLines: lines };
}

interface Row {
  cells: string[];
  line: number;
}

const frontNames = ['front', 'question', 'prompt', 'term', 'text', 'word'];
const backNames = ['back', 'answer', 'explanation', 'definition', 'meaning', 'extra', 'back extra'];
const knownNames = new Set([...frontNames, ...backNames, 'tags', 'tag', 'deck', 'owner', 'responsibility', 'guid', 'notetype', 'note type', 'source', 'id']);

/** Parses a CSV or TSV file into decks of cards, without touching the database. */
export function parseCsv(fileName: string, bytes: Uint8Array, options: ImportOptions): ParsedImport {
  const parsed = emptyParsed(fileName, 'csv');
  const text = decodeText(fileName, bytes, parsed.warnings);
  const { directives, bodyStart, headerLines } = readDirectives(fileName, text, parsed.warnings);
  const body = text.slice(bodyStart);
  const delimiter = options.delimiter ?? directives.separator ?? detectDelimiter(fileName, body);
  const columnNames = directives.columnsText !== undefined ? directives.columnsText.split(delimiter).map((c) => cleanText(c).trim()) : undefined;
  const rows = parseRows(fileName, body, delimiter, headerLines);

  const firstRow = rows[0]?.cells ?? [];
  const hasHeader = options.hasHeader ?? (columnNames === undefined && looksLikeHeader(firstRow));
  const names = columnNames ?? (hasHeader ? firstRow.map((c) => cleanText(c).trim()) : []);
  const dataRows = hasHeader ? rows.slice(1) : rows;
  const width = Math.max(names.length, ...dataRows.slice(0, 1000).map((r) => r.cells.length), 1);
  const columns = Array.from({ length: width }, (_, i) => names[i] || `Column ${i + 1}`);
  const mapping = options.mapping ?? guessMapping(columns, names.length > 0, directives, dataRows);
  checkMapping(mapping, width);

  const html = options.html ?? directives.html === true;
  const defaultDeck = options.deckName ?? directives.deck ?? (path.basename(fileName, path.extname(fileName)) || 'Imported');
  const decks = new Map<string, DeckInput>();
  const seen = new Map<string, Map<string, number>>();
  // What is never card text (NUL, other controls, bidirectional overrides: domain/text-hygiene.ts) is removed and said once.
  const cleaned = { cells: 0, firstLine: 0 };
  const clean = (row: Row, text: string): string => {
    if (!needsCleaning(text)) return text;
    if (cleaned.cells++ === 0) cleaned.firstLine = row.line;
    return cleanText(text);
  };
  // Cleaned, trimmed, then a formula escape of our CSV export taken off (after the trim, so an escaped leading tab survives).
  const cell = (row: Row, index: number | undefined): string =>
    index === undefined ? '' : unescapeFormula(clean(row, (row.cells[index] ?? '').replace(/\r\n?/g, '\n')).trim());

  const mapped = Object.entries(mapping).filter((entry): entry is [string, number] => entry[1] !== undefined);
  for (const row of dataRows) {
    if (row.cells.every((c) => cleanText(c).trim() === '')) continue;
    // The bound every way in applies (domain/value-rules.ts): a field past it is refused whole, never cut.
    const tooLong = mapped.find(([, index]) => (row.cells[index]?.length ?? 0) > valueBounds.cardText);
    if (tooLong) {
      addSkip(parsed, 'a field longer than a card may hold', `${fileName}: line ${row.line}: skipped, the ${tooLong[0]} is longer than ${valueBounds.cardText.toLocaleString('en')} characters.`);
      continue;
    }
    const rawFront = cell(row, mapping.front);
    if (rawFront === '') {
      const onlyControls = (row.cells[mapping.front] ?? '').trim() !== '';
      addSkip(parsed, 'empty front', `${fileName}: line ${row.line}: skipped, the front is empty${onlyControls ? ' (it held only characters that are not text, such as NUL)' : ''}.`);
      continue;
    }
    const rawBack = cell(row, mapping.back);
    const ownerText = cell(row, mapping.owner).toLowerCase();
    let owner: Owner | null = null;
    if (ownerText) {
      if (!(owners as readonly string[]).includes(ownerText)) {
        addSkip(parsed, 'owner is not aws, customer or shared', `${fileName}: line ${row.line}: skipped, owner "${cell(row, mapping.owner)}" is not aws, customer or shared.`);
        continue;
      }
      owner = ownerText as Owner;
    }
    const deckTitle = options.deckName ?? (cell(row, mapping.deck) || defaultDeck);
    if (deckTitle.length > valueBounds.title) {
      addSkip(parsed, 'a field longer than a card may hold', `${fileName}: line ${row.line}: skipped, the deck name is longer than ${valueBounds.title} characters.`);
      continue;
    }
    const deckId = importedDeckId(deckTitle, 'csv');
    let deck = decks.get(deckId);
    if (!deck) {
      deck = { id: deckId, title: deckTitle, serviceType: 'custom', description: `Imported from ${fileName}.`, origin: 'imported', cards: [] };
      decks.set(deckId, deck);
      seen.set(deckId, new Map());
    }
    const keys = seen.get(deckId)!;
    const tags = [...new Set([...directives.tags, ...cell(row, mapping.tags).split(/\s+/).filter(Boolean)])];
    const guid = cell(row, mapping.guid);
    const notetype = cell(row, mapping.notetype) || directives.notetype || '';

    const cards: { key: string; content: CardContent }[] = [];
    if (/cloze/i.test(notetype) && !owner) {
      const source = html ? rawFront : textToHtml(rawFront);
      const extra = rawBack ? (html ? rawBack : textToHtml(rawBack)) : '';
      const numbers = clozeNumbers(source);
      const base = guid ? `g-${shortHash(guid)}` : `h-${shortHash(rawFront)}`;
      for (const n of numbers) {
        const front = sanitizeCardHtml(renderCloze(source, n, 'front'), null);
        const back = sanitizeCardHtml(renderCloze(source, n, 'back') + (extra ? `<br>${extra}` : ''), null);
        cards.push({ key: `${base}-c${n}`, content: { kind: 'basic', front, back, html: true } });
      }
      if (!numbers.length) {
        addSkip(parsed, 'cloze note without cloze deletions', `${fileName}: line ${row.line}: skipped, a cloze note with no {{c1::…}} in it.`);
        continue;
      }
    } else {
      const front = html ? sanitizeCardHtml(rawFront, null) : rawFront;
      const back = html ? sanitizeCardHtml(rawBack, null) : rawBack;
      if (html && isBlankHtml(front)) {
        addSkip(parsed, 'empty front', `${fileName}: line ${row.line}: skipped, the front is empty once cleaned.`);
        continue;
      }
      if (owner) {
        const prompt = html ? htmlToText(front) : front;
        const explanation = html ? htmlToText(back) : back;
        cards.push({ key: guid ? `g-${shortHash(guid)}` : `h-${shortHash(prompt)}`, content: { kind: 'responsibility', prompt, owner, explanation } });
      } else {
        const content: CardContent = html ? { kind: 'basic', front, back, html: true } : { kind: 'basic', front, back };
        cards.push({ key: guid ? `g-${shortHash(guid)}` : `h-${shortHash(front)}`, content });
      }
    }
    for (const c of cards) {
      const earlier = keys.get(c.key);
      if (earlier !== undefined) {
        addSkip(parsed, guid ? 'duplicate guid' : 'duplicate front', `${fileName}: line ${row.line}: skipped, same ${guid ? 'guid' : 'front'} as line ${earlier}.`);
        continue;
      }
      keys.set(c.key, row.line);
      const card: CardInput = { key: c.key, noteKey: `${deckId}/${c.key.replace(/-c\d+$/, '')}`, kind: c.content.kind, content: c.content, source: fileName, tags };
      deck.cards.push(card);
    }
  }
  if (cleaned.cells > 0) {
    parsed.warnings.push(
      `${fileName}: characters that are not text (NUL, other control characters or bidirectional overrides) were removed from ${cleaned.cells} field${cleaned.cells === 1 ? '' : 's'}, first on line ${cleaned.firstLine}.`,
    );
  }
  parsed.decks = [...decks.values()];
  parsed.csv = { delimiter, hasHeader, html, columns, mapping, rows: dataRows.length };
  return parsed;
}

/** Picks the delimiter that splits the first lines into the same number (more than one) of fields most consistently. */
export function detectDelimiter(fileName: string, body: string): string {
  const tsv = /\.(tsv|tab)$/i.test(fileName);
  const candidates = tsv ? ['\t', ',', ';', '|'] : [',', '\t', ';', '|'];
  const sample = body.slice(0, 65536);
  let best = { delimiter: candidates[0]!, share: 0, fields: 1 };
  for (const delimiter of candidates) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 50, skipEmptyLines: 'greedy' }).data;
    if (!rows.length) continue;
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [fields, times] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    const share = times / rows.length;
    if (fields > 1 && (share > best.share || (share === best.share && fields > best.fields))) best = { delimiter, share, fields };
  }
  return best.delimiter;
}

function parseRows(fileName: string, body: string, delimiter: string, lineOffset: number): Row[] {
  const rows: Row[] = [];
  let rowStart = 0;
  let line = lineOffset + 1;
  let counted = 0;
  const lineAt = (index: number): number => {
    // Lines are counted incrementally: every row starts at or after the previous one.
    for (let i = counted; i < index; i++) if (body.charCodeAt(i) === 10) line++;
    counted = Math.max(counted, index);
    return line;
  };
  const outcome: { failure: DemarcError | null } = { failure: null };
  Papa.parse<string[]>(body, {
    delimiter,
    quoteChar: '"',
    skipEmptyLines: false,
    step(result, p) {
      const startLine = lineAt(rowStart);
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        const at = typeof quoteError.index === 'number' && quoteError.index >= rowStart && quoteError.index <= body.length ? quoteError.index : rowStart;
        const errorLine = startLine + countNewlines(body, rowStart, at);
        const problem =
          quoteError.code === 'MissingQuotes'
            ? 'a quoted field is never closed (unterminated quote)'
            : 'a quote inside a quoted field is not doubled ("")';
        outcome.failure = invalidFile(fileName, `line ${errorLine}: ${problem}.`);
        p.abort();
        return;
      }
      const blank = result.data.length === 1 && result.data[0] === '';
      if (!blank) rows.push({ cells: result.data, line: startLine });
      if (rows.length > importLimits.maxCsvRows) {
        outcome.failure = new DemarcError(ErrorCode.fileTooLarge, `${fileName}: more than ${importLimits.maxCsvRows} rows.`);
        p.abort();
        return;
      }
      rowStart = result.meta.cursor;
    },
  });
  if (outcome.failure) throw outcome.failure;
  return rows;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function looksLikeHeader(cells: string[]): boolean {
  if (cells.length === 0) return false;
  const normal = cells.map((c) => c.trim().toLowerCase());
  return normal.some((c) => knownNames.has(c)) && normal.filter((c) => c !== '').length >= Math.min(2, cells.length);
}

function guessMapping(columns: string[], named: boolean, d: CsvDirectives, rows: Row[]): ColumnMapping {
  const lower = columns.map((c) => c.trim().toLowerCase());
  const find = (candidates: string[]): number | undefined => {
    if (!named) return undefined;
    for (const name of candidates) {
      const i = lower.indexOf(name);
      if (i >= 0) return i;
    }
    return undefined;
  };
  const tags = d.tagsColumn ?? find(['tags', 'tag']);
  const deck = d.deckColumn ?? find(['deck']);
  const guid = d.guidColumn ?? find(['guid']);
  const notetype = d.notetypeColumn ?? find(['notetype', 'note type']);
  let owner = find(['owner', 'responsibility']);
  const special = new Set([tags, deck, guid, notetype, owner].filter((x): x is number => x !== undefined));
  const free = columns.map((_, i) => i).filter((i) => !special.has(i));
  const front = find(frontNames) ?? free[0] ?? 0;
  const back = find(backNames) ?? free.find((i) => i !== front) ?? front + 1;
  if (owner === undefined && !named) {
    // Without names, a column holding only aws/customer/shared is the owner.
    owner = free.find((i) => i !== front && i !== back && columnIsOwner(rows, i));
  }
  const mapping: ColumnMapping = { front, back };
  if (tags !== undefined) mapping.tags = tags;
  if (deck !== undefined) mapping.deck = deck;
  if (owner !== undefined) mapping.owner = owner;
  if (guid !== undefined) mapping.guid = guid;
  if (notetype !== undefined) mapping.notetype = notetype;
  return mapping;
}

function columnIsOwner(rows: Row[], index: number): boolean {
  let seen = 0;
  for (const row of rows.slice(0, 200)) {
    const v = (row.cells[index] ?? '').trim().toLowerCase();
    if (!v) continue;
    if (!(owners as readonly string[]).includes(v)) return false;
    seen++;
  }
  return seen > 0;
}

function checkMapping(mapping: ColumnMapping, width: number): void {
  for (const [role, index] of Object.entries(mapping) as [string, number | undefined][]) {
    if (index === undefined) continue;
    if (!Number.isInteger(index) || index < 0) throw new DemarcError(ErrorCode.invalidArgument, `Column mapping: "${role}" must be a column number from 0.`);
    if (role === 'front' && index >= width) {
      throw new DemarcError(ErrorCode.invalidArgument, `Column mapping: the front is column ${index + 1}, but the file has ${width} column${width === 1 ? '' : 's'}.`);
    }
  }
}
