// A file to import crosses the transport once: its preview stages it under a
// token, and the previews with other options and the import itself name that
// token. The token is good for one import of the last file previewed.
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { ApiArgs, ApiMethodName, ApiResult } from '../../electron/api/wire-types.js';
import path from 'node:path';
import { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { ImportService } from '../../electron/core/jobs/import-service.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

let collection: Collection | null = null;
afterEach(() => {
  collection?.close();
  collection = null;
});

const csv = (rows: string[]) => Buffer.from(['front;back;tags', ...rows].join('\n')).toString('base64');

function setUp() {
  collection = openTestCollection({ builtin: false }).collection;
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 't', transport: 'http' }));
  const ok = async <M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> => {
    const envelope = await dispatcher.dispatch(method, args);
    if (!envelope.ok) throw new Error(`refused: ${JSON.stringify(envelope.error)}`);
    return envelope.value as ApiResult<M>;
  };
  return { dispatcher, ok };
}

async function settled(dispatcher: ReturnType<typeof createDispatcher>) {
  // The job runs in a worker; each status call is one poll, as the Import screen does.
  for (let i = 0; i < 2000; i++) {
    const reply = await dispatcher.dispatch('import.status', {});
    const status = reply.ok ? (reply.value as ApiResult<'import.status'>) : null;
    if (status && status.state !== 'running') return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the import did not finish');
}

describe('a staged import', () => {
  it('previews once with the file, again and then imports by token; the token is spent by the import', async () => {
    const { dispatcher, ok } = setUp();
    const first = await ok('import.preview', { fileName: 'notes.csv', dataBase64: csv(['q1;a1;x', 'q2;a2;y']) });
    expect(first.staged).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(first.cards).toBe(2);
    // Other options, same file: named by its token only.
    const again = await ok('import.preview', { fileName: 'notes.csv', staged: first.staged, options: { deckName: 'Mine' } });
    expect(again).toMatchObject({ staged: first.staged, cards: 2, decks: [{ title: 'Mine' }] });
    const started = await ok('import.start', { fileName: 'notes.csv', staged: first.staged, options: { deckName: 'Mine' } });
    expect(started.state).toBe('running');
    expect(await settled(dispatcher)).toMatchObject({ state: 'done', summary: { added: 2, decks: [{ title: 'Mine' }] } });
    // Imported once: the token names nothing now.
    const spent = await dispatcher.dispatch('import.start', { fileName: 'notes.csv', staged: first.staged });
    expect(spent).toMatchObject({ ok: false, error: { code: ErrorCode.notFound } });
  });

  it('a new preview replaces the staged file; a made-up token, or both the file and a token, are refused', async () => {
    const { dispatcher, ok } = setUp();
    const first = await ok('import.preview', { fileName: 'a.csv', dataBase64: csv(['q1;a1;x']) });
    const second = await ok('import.preview', { fileName: 'b.csv', dataBase64: csv(['q1;a1;x', 'q2;a2;y', 'q3;a3;z']) });
    expect(second.staged).not.toBe(first.staged);
    expect(await dispatcher.dispatch('import.preview', { fileName: 'a.csv', staged: first.staged })).toMatchObject({ ok: false, error: { code: ErrorCode.notFound } });
    expect(await dispatcher.dispatch('import.start', { fileName: 'x.csv', staged: 'A'.repeat(24) })).toMatchObject({ ok: false, error: { code: ErrorCode.notFound } });
    expect(await dispatcher.dispatch('import.start', { fileName: 'x.csv', staged: '../etc/passwd' })).toMatchObject({ ok: false, error: { code: ErrorCode.invalidArgument } });
    expect(await dispatcher.dispatch('import.start', { fileName: 'b.csv', staged: second.staged, dataBase64: csv(['q;a;t']) })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.invalidArgument },
    });
    expect(await dispatcher.dispatch('import.start', { fileName: 'b.csv' })).toMatchObject({ ok: false, error: { code: ErrorCode.invalidArgument } });
    // The staged file is still the second one, and imports as previewed.
    await ok('import.start', { fileName: 'b.csv', staged: second.staged });
    expect(await settled(dispatcher)).toMatchObject({ state: 'done', summary: { fileName: 'b.csv', added: 3 } });
  });
});

describe('a staged file is read once', () => {
  const options = { deckName: 'Mine' };
  function service() {
    const dir = tempDir('demarc-staging-');
    const opened = Collection.open({ file: path.join(dir, 'c.sqlite') });
    collection = opened;
    return new ImportService(opened);
  }
  async function ended(imports: ImportService) {
    return imports.job.whenEnded();
  }

  it('its import writes what its preview read: the bytes are not parsed again', async () => {
    const imports = service();
    const bytes = Buffer.from(['front;back', 'q1;a1', 'q2;a2'].join('\n'));
    const preview = await imports.preview({ fileName: 'notes.csv', bytes }, options);
    expect(preview.cards).toBe(2);
    // Were the import to read the staged bytes again it would find nothing to import in them now.
    bytes.fill(0x0a);
    expect(imports.start({ staged: preview.staged }, options).state).toBe('running');
    expect(await ended(imports)).toMatchObject({ state: 'done', summary: { added: 2, decks: [{ title: 'Mine' }] } });
  });

  it('with other options than its last preview, the file is read again (and here found empty: nothing is written)', async () => {
    const imports = service();
    const bytes = Buffer.from(['front;back', 'q1;a1', 'q2;a2'].join('\n'));
    const preview = await imports.preview({ fileName: 'notes.csv', bytes }, options);
    bytes.fill(0x0a);
    imports.start({ staged: preview.staged }, { deckName: 'Other' });
    expect(await ended(imports)).toMatchObject({ state: 'failed', error: { code: ErrorCode.invalidFile } });
    expect(databaseOf(collection!).prepare('SELECT count(*) FROM cards').pluck().get()).toBe(0);
  });
});
