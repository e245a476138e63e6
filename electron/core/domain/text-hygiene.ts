/**
 * The one rule for text that enters the collection from outside (imported
 * files, API calls, arriving sync events): characters that are never card
 * text are removed, whatever the way in.
 *
 * - NUL and the other C0 control characters, except tab, line feed and
 *   carriage return: NUL cuts strings short wherever C strings are used, and
 *   a card whose front is three NULs looks empty but is not.
 * - DEL and the C1 control characters (U+007F–U+009F).
 * - The bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069): they show text in another order than it is stored
 *   (a title or tag that reads one way and searches another). The marks
 *   (U+200E, U+200F, U+061C) stay: right-to-left text needs them.
 * - Half a surrogate pair (possible in JSON, never a character) becomes
 *   U+FFFD.
 *
 * One linear pass; text that needs nothing back is returned as it was.
 */
export function cleanText(text: string): string {
  if (!needsCleaning(text)) return text;
  return text.replace(loneSurrogateEverywhere, '\uFFFD').replace(notTextEverywhere, '');
}

/** Whether `cleanText` would change the text. */
export function needsCleaning(text: string): boolean {
  return notText.test(text) || loneSurrogate.test(text);
}

const notTextClass = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]';
const notText = new RegExp(notTextClass);
const notTextEverywhere = new RegExp(notTextClass, 'g');
// Code units, not code points (no `u` flag): a high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogateSource = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const loneSurrogate = new RegExp(loneSurrogateSource);
const loneSurrogateEverywhere = new RegExp(loneSurrogateSource, 'g');
