/**
 * The name an imported media file is saved under: the package's name made
 * safe on every file system the app runs on. Unicode NFC; no control
 * characters and no bidirectional controls (which can make `evil‮gnp.js`
 * read as `evil.js.png`); none of Windows' reserved characters or device
 * names (CON, NUL, COM1…, with any extension); no trailing dots or spaces.
 */
export function normaliseMediaName(name: string): string {
  let safe = '';
  for (const ch of name.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || bidiControls.has(code)) continue;
    safe += '<>:"/\\|?*'.includes(ch) ? '_' : ch;
  }
  safe = safe.replace(/^[\s.]+/, '');
  let end = safe.length;
  while (end > 0 && (safe[end - 1] === '.' || safe[end - 1] === ' ')) end--;
  safe = safe.slice(0, end);
  if (safe === '') return 'media';
  const stem = safe.split('.')[0]!.trim().toUpperCase();
  return reservedNames.test(stem) ? `_${safe}` : safe;
}

const bidiControls = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff]);
const reservedNames = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/;
