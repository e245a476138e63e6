// The active-media attack, end to end in web mode: an Anki package whose
// media holds evil.html, evil.svg and evil.js (which calls the API with the
// browser's session cookie) is imported, the files are put in the
// media folder (in case the import left any out), and Chromium visits each
// one under /media/. Nothing may run and no API call may be made.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { evilHtml, evilJs, evilSvg, tinyPng } from '../fixtures/media-bytes.js';
import { useAppInBrowser } from './use-app-in-browser.js';

const activeMedia = [
  { name: 'evil.html', data: evilHtml },
  { name: 'evil.svg', data: evilSvg },
  { name: 'evil.js', data: evilJs },
];

function activeMediaPackage(): Buffer {
  const collection = buildCollection(
    {
      noteTypes: [{ id: 1, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] }],
      decks: [{ id: 7, name: 'Media deck' }],
      notes: [
        { id: 1, guid: 'media-1', mid: 1, fields: ['Who patches the guest OS?<img src="diagram.png"><img src="evil.svg">', 'The customer [sound:evil.html]<img src="evil.js">'] },
      ],
      cards: [{ id: 11, nid: 1, did: 7, ord: 0 }],
    },
    11,
  );
  return Buffer.from(buildPackage({ entries: { 'collection.anki21': collection }, media: [...activeMedia, { name: 'diagram.png', data: tinyPng }] }));
}

describe('imported media in web mode', () => {
  const ctx = useAppInBrowser();

  it('serves imported html, svg and js as nothing: no script runs and no API call is made', async () => {
    const { page } = ctx.browser;
    const api = ctx.app.api;
    const imported = await api('import.run', { fileName: 'media.apkg', dataBase64: activeMediaPackage().toString('base64') });
    expect(imported.ok).toBe(true);
    const settingsBefore = JSON.stringify((await api('settings.get', {})).value);

    // Whatever the import kept, the attack needs the files on disk: put them there.
    const mediaDir = path.join(path.dirname(ctx.app.dbFile), 'media');
    fs.mkdirSync(mediaDir, { recursive: true });
    for (const m of activeMedia) fs.writeFileSync(path.join(mediaDir, m.name), m.data);

    // Off the app first: its own page calls the API (app.health) on a timer, and on a busy machine such a call
    // landed after the recording below began.
    await page.goto('about:blank');
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
    });
    for (const m of activeMedia) {
      const response = await page.goto(`${ctx.app.url}media/${m.name}`);
      expect(response!.status(), m.name).toBe(404);
      const headers = response!.headers();
      expect(headers['content-security-policy'], m.name).toMatch(/^sandbox;/);
      expect(headers['x-content-type-options'], m.name).toBe('nosniff');
      expect(headers['content-type'], m.name).toMatch(/^text\/plain/);
      expect(await page.title(), m.name).not.toBe('EVIL RAN');
      expect(await page.evaluate('document.scripts.length'), m.name).toBe(0);
    }
    // An image a card uses is served, by its sniffed type, still sandboxed.
    const saved = fs.readdirSync(mediaDir).find((name) => name.startsWith('diagram'))!;
    const image = await page.goto(`${ctx.app.url}media/${saved}`);
    expect(image!.status()).toBe(200);
    expect(image!.headers()['content-type']).toBe('image/png');
    expect(image!.headers()['content-security-policy']).toMatch(/^sandbox;/);

    expect(apiCalls).toEqual([]);
    expect(JSON.stringify((await api('settings.get', {})).value)).toBe(settingsBefore);
  });
});
