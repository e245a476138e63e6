/**
 * Scanning helpers for imported text, each linear in the input's length.
 *
 * A regex like `/<[^>]*>/g` or `/\{\{([\s\S]*?)\}\}/g` is quadratic on a
 * long run of openers with no closer: every opener scans to the end of the
 * text before failing. A 47 KB run of `<` took hours. These helpers find
 * the closer with a forward-only search whose answer is remembered, so a
 * missing closer is looked for once, not once per opener.
 */

/** `indexOf` for one needle over one text, for positions that only move forward: each character is examined once in total. */
export function forwardFinder(text: string, needle: string): (from: number) => number {
  let searchedFrom = Infinity;
  let found = -1;
  return (from) => {
    // The last answer holds for every start between the last search and that answer (or, when none was found, to the end).
    if (from >= searchedFrom && (found === -1 || found >= from)) return found;
    searchedFrom = from;
    found = text.indexOf(needle, from);
    return found;
  };
}

/**
 * Replaces every `open … close` span (the first `close` after each `open`,
 * like a lazy regex), scanning left to right; text outside spans is copied.
 * `replace` gets the text between the delimiters and returns what stands in
 * for the whole span, or null to leave the opener as text and go on after it.
 */
export function replaceSpans(text: string, open: string, close: string, replace: (inner: string, start: number) => string | null): string {
  const nextOpen = forwardFinder(text, open);
  const nextClose = forwardFinder(text, close);
  let out = '';
  let copied = 0;
  let at = nextOpen(0);
  while (at !== -1) {
    const end = nextClose(at + open.length);
    if (end === -1) break;
    const replacement = replace(text.slice(at + open.length, end), at);
    if (replacement === null) {
      at = nextOpen(at + 1);
      continue;
    }
    out += text.slice(copied, at) + replacement;
    copied = end + close.length;
    at = nextOpen(copied);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Removes spaces, tabs and no-break spaces at both ends of every line. */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => trimSpaces(line))
    .join('\n');
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0;
}

function trimSpaces(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && isSpace(line.charCodeAt(start))) start++;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
}
