import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-capture.js';
import { tempDir } from '../helpers/test-collection.js';

describe('demarc search', () => {
  const db = path.join(tempDir(), 'c.sqlite');

  it('prints the matching cards as a JSON array with their ids, decks, kinds and text fields', async () => {
    const { exit, stdout } = await cli(['search', 'owner:customer tag:patching', '--json', '--db', db]);
    expect(exit).toBe(0);
    const cards = JSON.parse(stdout) as { id: number; deckId: string; kind: string; owner: string; prompt: string; tags: string[] }[];
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card).toMatchObject({ kind: 'responsibility', owner: 'customer' });
      expect(card.tags).toContain('patching');
      expect(typeof card.id).toBe('number');
      expect(card.deckId).toMatch(/\S/);
      expect(card.prompt).toMatch(/\S/);
    }
  });

  it('says in words how many cards match', async () => {
    const { exit, stdout } = await cli(['search', 'deck:iaas-ec2 -owner:customer -owner:aws -owner:shared', '--db', db]);
    expect(exit).toBe(0);
    expect(stdout).toMatch(/\d+ cards? match\./);
  });

  it('refuses a malformed query with a message that points at the problem', async () => {
    const { exit, stderr } = await cli(['search', 'owner:customer (prop:r<0.9', '--json', '--db', db]);
    expect(exit).toBe(2);
    expect(JSON.parse(stderr).error).toEqual({ code: 'INVALID_ARGUMENT', message: 'Search: this "(" is never closed (at character 16).' });
  });
});
