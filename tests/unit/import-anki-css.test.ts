import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { buildCollection, buildPackage, zstdFrame, type FixtureCollection } from '../fixtures/anki-fixture.js';
import { tinyPng } from '../fixtures/media-bytes.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

let dir: string | null = null;
let open: Collection | null = null;
afterEach(() => {
  open?.close();
  open = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const hostileCss = `
@import url("https://evil.example/theme.css");
.card { font-family: Georgia; color: navy; }
body .big { font-size: 40px; }
.overlay { position: fixed; inset: 0; }
.bg { background: url(paper.png) repeat; }
.spy { background: url(https://evil.example/seen.png); }
~ .next { color: red; }
`;

function styled(): FixtureCollection {
  return {
    noteTypes: [{ id: 7, name: 'Styled', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '<div class="big bg">{{Front}}</div>', afmt: '{{FrontSide}}<hr id=answer><span class="other">{{Back}}</span>' }], css: hostileCss }],
    decks: [{ id: 1, name: 'Styled' }],
    notes: [{ id: 100, guid: 'styled-1', mid: 7, fields: ['Paris<script>alert(1)</script><b onclick="x()">!</b>', 'France'] }],
    cards: [{ id: 1000, nid: 100, did: 1, ord: 0 }],
  };
}

describe('Anki note-type CSS on import', () => {
  for (const schema of [11, 18] as const) {
    it(`keeps it sanitised and scoped to the card, with the classes it styles (schema ${schema})`, () => {
      dir = tempDir('demarc-anki-css-');
      open = openTestCollection({ file: path.join(dir, 'collection.db'), builtin: false }).collection;
      const collection = buildCollection(styled(), schema);
      const entries: Record<string, Uint8Array> = schema === 18 ? { 'collection.anki21b': zstdFrame(collection) } : { 'collection.anki21': collection };
      const summary = open.runImport('styled.apkg', Buffer.from(buildPackage({ entries, media: [{ name: 'paper.png', data: tinyPng }], ...(schema === 18 ? { mediaFormat: 'protobuf' as const } : {}) })), {});
      expect(summary.media).toBe(1);
      const content = JSON.parse(databaseOf(open).prepare('SELECT content FROM cards').pluck().get() as string) as { front: string; back: string; css: string };
      expect(content.css).toContain('.card-css { font-family: Georgia; color: navy; }');
      expect(content.css).toContain('.card-css .big { font-size: 40px; }');
      expect(content.css).toContain('.card-css .bg { background: url("media/paper.png") repeat; }');
      expect(content.css).not.toMatch(/@import|evil|fixed|~|body/);
      for (const rule of content.css.split('\n').filter((l) => l.includes('{'))) expect(rule.trim()).toMatch(/^\.card-css[ .{]/);
      // The classes the CSS styles stay; any other class, scripts and handlers go.
      expect(content.front).toContain('class="big bg"');
      expect(content.back).not.toContain('other');
      expect(content.front + content.back).not.toMatch(/script|onclick|alert/);
    });
  }
});
