import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { csvLine } from '../../electron/core/exporting/csv-writer.js';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { scenario } from '../fixtures/anki-scenario.js';
import { databaseOf } from '../helpers/collection-database.js';

const now = Date.UTC(2025, 0, 15, 12);
let c: Collection;
beforeEach(() => {
  c = Collection.open({ file: ':memory:', now: () => now });
});
afterEach(() => c.close());

const nativeDeck = {
  format: 'demarc-deck/1',
  id: 'round-trip',
  title: 'Round, "trip"',
  serviceType: 'identity',
  description: 'A deck to export.',
  cards: [
    { id: 'root-user', kind: 'responsibility', prompt: 'Protecting the root user', owner: 'customer', service: 'AWS IAM', duty: 'protect-root', layer: 'platform', explanation: 'MFA, no keys.', source: 'iam.txt', tags: ['iam', 'mfa'], task: '2.3' },
    { id: 'multi-line', kind: 'basic', front: 'Line one\nline "two", with comma', back: '#not a header', explanation: 'Why.', source: 'iam.txt' },
    { id: 'choose', kind: 'choice', question: 'Pick AWS jobs', options: ['Racks', 'Users'], answer: [0], explanation: 'Physical.', source: 'iam.txt', task: '2.1' },
    { id: 'gone', kind: 'basic', front: 'Soon retired', back: 'x', source: 'iam.txt' },
  ],
};
const cardsOf = (deckId: string) =>
  databaseOf(c).prepare('SELECT key, kind, content, owner, service, source, tags, retired FROM cards WHERE deck_id = ? ORDER BY position').all(deckId);

describe('deck export', () => {
  it('JSON round trip: same deck, same ids, same content (duty, layer and task too); retired cards left out', () => {
    c.runImport('deck.json', Buffer.from(JSON.stringify(nativeDeck)), {});
    c.runImport('deck.json', Buffer.from(JSON.stringify({ ...nativeDeck, cards: nativeDeck.cards.slice(0, 3) })), {});
    const before = cardsOf('deck-round-trip');
    const file = c.exportDeck('deck-round-trip', 'json');
    expect(file).toMatchObject({ fileName: 'deck-round-trip.json', mimeType: 'application/json' });
    const parsed = JSON.parse(file.text);
    expect(parsed).toEqual({ ...nativeDeck, id: 'deck-round-trip', cards: nativeDeck.cards.slice(0, 3) });
    const s = c.runImport(file.fileName, Buffer.from(file.text), {});
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: 3, retired: 0 });
    expect(cardsOf('deck-round-trip')).toEqual(before);

    // Into a fresh collection it builds the same deck.
    const other = Collection.open({ file: ':memory:', now: () => now });
    try {
      other.runImport(file.fileName, Buffer.from(file.text), {});
      expect(databaseOf(other).prepare("SELECT key, kind, content, owner, service, source, tags FROM cards WHERE deck_id = 'deck-round-trip' ORDER BY position").all()).toEqual(
        (before as { retired: number }[]).filter((r) => !r.retired).map(({ retired: _r, ...rest }) => rest),
      );
      expect(databaseOf(other).prepare("SELECT title, service_type, description FROM decks WHERE id = 'deck-round-trip'").get()).toEqual({
        title: 'Round, "trip"',
        service_type: 'identity',
        description: 'A deck to export.',
      });
    } finally {
      other.close();
    }
  });

  it('JSON export of a CSV import re-imports as a deck of its own, never over the CSV deck (service type custom kept)', () => {
    c.runImport('Notes.csv', Buffer.from('front,back,owner,tags\nGuest OS,Yours,customer,os\nRacks,Theirs,,hw\n'), {});
    const file = c.exportDeck('import-notes', 'json');
    const parsed = JSON.parse(file.text);
    expect(parsed).toMatchObject({ id: 'import-notes', serviceType: 'custom', title: 'Notes' });
    expect(c.runImport(file.fileName, Buffer.from(file.text), {})).toMatchObject({ added: 2, updated: 0, retired: 0, decks: [{ id: 'deck-import-notes' }] });
  });

  it('JSON export of Anki HTML cards keeps their text', () => {
    c.runImport('a.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11) } })), {});
    const parsed = JSON.parse(c.exportDeck('anki-aws-shared-responsibility', 'json').text);
    const texts = parsed.cards.map((card: { front: string; back: string }) => [card.front, card.back]);
    expect(texts).toContainEqual(['Who patches the guest OS?', 'The customer']); // no media in this package: the image was dropped
    expect(texts).toContainEqual(['S3 bucket policy\nthink IAM\nno extra', 'Who writes it & owns it (AWS::Shared Responsibility)']);
    expect(texts).toContainEqual(['[...] secures the hypervisor', 'AWS secures the hypervisor\nFrom the model']);
    expect(JSON.stringify(parsed)).not.toMatch(/<[a-z]/);
    // And it is a valid deck file.
    const fresh = Collection.open({ file: ':memory:', now: () => now });
    try {
      expect(fresh.runImport('x.json', Buffer.from(JSON.stringify(parsed)), {}).added).toBe(5);
    } finally {
      fresh.close();
    }
  });

  it('CSV: Anki header lines, proper quoting, and it imports back', () => {
    c.runImport('deck.json', Buffer.from(JSON.stringify(nativeDeck)), {});
    const file = c.exportDeck('deck-round-trip', 'csv');
    expect(file).toMatchObject({ fileName: 'deck-round-trip.csv', mimeType: 'text/csv' });
    const lines = file.text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['#separator:Comma', '#html:false', '#columns:front,back,tags,owner', '#deck:Round, "trip"', '#tags column:3']);
    expect(lines[5]).toBe('Protecting the root user,"MFA, no keys.",iam mfa,customer');
    expect(file.text).toContain('"Line one\nline ""two"", with comma","#not a header\n\nWhy.",,');

    const other = Collection.open({ file: ':memory:', now: () => now });
    try {
      const s = other.runImport(file.fileName, Buffer.from(file.text), {});
      expect(s).toMatchObject({ added: 4, skipped: 0, decks: [{ id: 'import-round-trip', title: 'Round, "trip"' }] });
      const rows = databaseOf(other).prepare('SELECT content, tags, owner FROM cards ORDER BY position').all() as { content: string; tags: string; owner: string | null }[];
      expect(JSON.parse(rows[0]!.content)).toEqual({ kind: 'responsibility', prompt: 'Protecting the root user', owner: 'customer', explanation: 'MFA, no keys.' });
      expect(rows[0]!.tags).toBe('iam mfa');
      expect(JSON.parse(rows[1]!.content)).toEqual({ kind: 'basic', front: 'Line one\nline "two", with comma', back: '#not a header\n\nWhy.' });
      // Exporting again from the imported deck gives the same rows.
      expect(other.exportDeck('import-round-trip', 'csv').text.split('\n').slice(5)).toEqual(lines.slice(5));
    } finally {
      other.close();
    }
  });

  it('CSV of HTML cards says #html:true and escapes plain text', () => {
    c.runImport('a.apkg', Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11) } })), {});
    const text = c.exportDeck('anki-aws-shared-responsibility', 'csv').text;
    expect(text.split('\n')[1]).toBe('#html:true');
    expect(text).toContain('The <b>customer</b>');
  });

  it('quotes only what needs it', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded', '#hash', ''])).toBe('plain,"a,b","say ""hi""","two\nlines"," padded","#hash",');
  });

  it('refuses unknown decks and empty JSON exports', () => {
    expect(() => c.exportDeck('nope', 'json')).toThrow(expect.objectContaining({ code: ErrorCode.notFound }));
    databaseOf(c).prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('empty', 'Empty', 'custom', 'imported', 0)").run();
    expect(() => c.exportDeck('empty', 'json')).toThrow(/no cards/);
    expect(c.exportDeck('empty', 'csv').text.split('\n')).toHaveLength(6);
  });
});
