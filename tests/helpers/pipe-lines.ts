import fs from 'node:fs';

/**
 * Writes one whole line to stdout synchronously (a non-blocking pipe that is
 * momentarily full is retried), so that it is on the pipe before the next
 * step starts and nothing is left buffered in a process that is killed. The
 * crash test's children acknowledge with it.
 */
export function writeLine(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(1, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
