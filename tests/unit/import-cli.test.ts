import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import type { CliContext } from '../../electron/cli/cli-command.js';
import { importCommand } from '../../electron/cli/commands/import-command.js';
import { exportCommand } from '../../electron/cli/commands/export-command.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { scenario } from '../fixtures/anki-scenario.js';

let dir: string;
let collection: Collection | null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-cli-'));
  collection = null;
});
afterEach(() => {
  collection?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function ctx(positionals: string[], values: CliContext['values'] = {}): CliContext {
  const dbFile = path.join(dir, 'collection.db');
  return {
    dbFile,
    positionals,
    values,
    collection: () => (collection ??= Collection.open({ file: dbFile })),
    progress: () => {},
  };
}

describe('import and export commands', () => {
  it('imports a CSV file with --deck and prints a summary', async () => {
    const file = path.join(dir, 'notes.csv');
    fs.writeFileSync(file, 'front,back\nA,1\n,empty\n');
    const summary = await importCommand.run(ctx([file], { deck: 'CLI deck' }));
    expect(summary).toMatchObject({ added: 1, skipped: 1, decks: [{ id: 'import-cli-deck', title: 'CLI deck' }] });
    expect(summary.backupFile).toBeTruthy();
    const text = importCommand.format(summary);
    expect(text).toContain('added 1, updated 0, unchanged 0, skipped 1');
    expect(text).toContain('skipped 1: empty front');
  });

  it('imports an Anki package without history on --no-history', async () => {
    const file = path.join(dir, 'deck.apkg');
    fs.writeFileSync(file, buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11) } }));
    const summary = await importCommand.run(ctx([file], { 'no-history': true }));
    expect(summary).toMatchObject({ added: 5, reviews: 0 });
  });

  it('refuses a missing file and a missing argument', async () => {
    await expect(async () => importCommand.run(ctx([path.join(dir, 'nope.csv')]))).rejects.toThrow(/no such file/);
    await expect(async () => importCommand.run(ctx([]))).rejects.toThrow(/exactly one FILE/);
  });

  it('exports a deck to a file as json or csv', async () => {
    const file = path.join(dir, 'notes.csv');
    fs.writeFileSync(file, 'front,back\nA,1\n');
    await importCommand.run(ctx([file]));
    const json = await exportCommand.run(ctx(['import-notes'], { out: path.join(dir, 'out', 'notes.json') }));
    expect(json.format).toBe('json');
    expect(JSON.parse(fs.readFileSync(json.file, 'utf8'))).toMatchObject({ id: 'import-notes', cards: [{ front: 'A', back: '1' }] });
    const csv = await exportCommand.run(ctx(['import-notes'], { out: path.join(dir, 'notes-out.txt'), format: 'csv' }));
    expect(fs.readFileSync(csv.file, 'utf8')).toContain('#separator:Comma');
    expect(exportCommand.format(csv)).toContain('as csv');
    await expect(async () => exportCommand.run(ctx(['import-notes'], { out: 'x', format: 'xml' }))).rejects.toThrow(/json, csv, apkg or colpkg/);
    await expect(async () => exportCommand.run(ctx(['import-notes']))).rejects.toThrow(/--out/);
  });
});
