#!/usr/bin/env node
// The `demarc` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/electron/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('demarc: the CLI is not built yet. Run "npm run build" (or use "npm run cli -- <command>").\n');
  process.exit(1);
}
await import(cli.href);
