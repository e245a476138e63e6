import fs from 'node:fs';

/** Forces a file's bytes to the disk before it is renamed into place. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes a rename itself durable where the platform allows it. Best effort:
 * Windows cannot open directories, and there the renames are still atomic
 * and the data was synced before them.
 */
export function fsyncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // see above
  }
}
