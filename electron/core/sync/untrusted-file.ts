import fs from 'node:fs';

/*
 * Reading a file that someone else put in the sync folder. It may be a link
 * to anything on this machine (`/proc/self/pagemap` reports size 0 and reads
 * without end), a FIFO that blocks an open, a device, or a file that grows
 * while it is read. So: the last path component is never followed (opened
 * with O_NOFOLLOW, and non-blocking so a FIFO cannot hang the open), the
 * type is checked on the open descriptor (regular files only), and the bound
 * is on the bytes actually read, never on the size the file reports.
 */

export type UntrustedRead = { ok: true; bytes: Buffer } | { ok: false; reason: string; gone?: boolean };

const noFollow = fs.constants.O_NOFOLLOW ?? 0;
const nonBlocking = fs.constants.O_NONBLOCK ?? 0;

/** Reads a regular file of at most `maxBytes` bytes, following no link. */
export function readUntrustedFile(file: string, maxBytes: number): UntrustedRead {
  return readRegular(file, maxBytes, false);
}

/** The first `bytes` bytes of a regular file (fewer if it is shorter), following no link: a header line. */
export function readUntrustedHead(file: string, bytes: number): UntrustedRead {
  return readRegular(file, bytes, true);
}

function readRegular(file: string, maxBytes: number, headOnly: boolean): UntrustedRead {
  if (noFollow === 0) {
    // No O_NOFOLLOW here (Windows): look first; the checks on the descriptor below still hold.
    try {
      if (fs.lstatSync(file).isSymbolicLink()) return { ok: false, reason: 'a link, not a file: not followed' };
    } catch {
      return { ok: false, reason: 'gone', gone: true };
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | noFollow | nonBlocking);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'a link, not a file: not followed' };
    if (code === 'ENOENT') return { ok: false, reason: 'gone', gone: true };
    return { ok: false, reason: `cannot be opened (${code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file: not read' };
    if (headOnly) {
      const head = Buffer.alloc(maxBytes);
      return { ok: true, bytes: head.subarray(0, fs.readSync(fd, head, 0, maxBytes, 0)) };
    }
    // A size over the bound is believed (nothing is read); a size under it is not (see readBounded).
    if (stat.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
    return readBounded(fd, stat.size, maxBytes);
  } catch (error) {
    return { ok: false, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    fs.closeSync(fd);
  }
}

function readBounded(fd: number, reportedSize: number, maxBytes: number): UntrustedRead {
  // Room for one byte more than allowed tells an oversize file; whole 4 KiB pages, since some
  // files (/proc/self/pagemap) refuse reads that are not a multiple of their record size.
  const capacity = Math.ceil((maxBytes + 1) / 4096) * 4096;
  // The reported size only chooses the first buffer.
  let buffer = Buffer.allocUnsafe(Math.min(capacity, Math.max(Math.ceil((reportedSize + 1) / 4096) * 4096, 64 * 1024)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= capacity) break;
      const bigger = Buffer.allocUnsafe(Math.min(capacity, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    if (length > maxBytes) break;
  }
  if (length > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
  return { ok: true, bytes: buffer.subarray(0, length) };
}

function tooLarge(maxBytes: number): string {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MiB` : `${Math.round(maxBytes / 1024)} KiB`;
  return `larger than ${size}: not read`;
}

/** A folder's entries by what they are (a link is a link, whatever it points to). */
export function listFolder(dir: string): { folders: string[]; files: string[]; others: string[] } {
  const out = { folders: [] as string[], files: [] as string[], others: [] as string[] };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.isDirectory()) out.folders.push(e.name);
    else if (e.isFile()) out.files.push(e.name);
    else out.others.push(e.name);
  }
  return out;
}
