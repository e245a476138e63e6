// Every built-in card quotes the source document it rests on. The quote must
// be the source's own words, its fragments (" … " marks an elision) in the
// source's order, and it must never reach across a heading where the owner
// changes: a learner who reads "AWS responsibility … Encrypting application
// data" beside a customer answer has been misled by the cut, not taught.
//
// The source documents are not part of the repository: DEMARC_SEEDS names
// their folder (.ci/run points it at ../shared/seeds), and without them this
// file fails rather than passing by checking nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceTitles } from '../../electron/core/decks/source-titles.js';
import type { Owner } from '../../electron/core/domain/types.js';
import { builtinCards } from '../helpers/builtin-deck-files.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const seedsDir = process.env.DEMARC_SEEDS ? resolve(process.env.DEMARC_SEEDS) : resolve(repoRoot, '../shared/seeds');
const seedFiles = Object.keys(sourceTitles);
const seedsFound = seedFiles.every((f) => existsSync(join(seedsDir, f)));

/** Markup, list marks, typographic quotes and spacing are not words: compare without them. */
const norm = (s: string) =>
  s
    .replace(/\*\*/g, '')
    .replace(/\*([^*\s][^*]*?)\*/g, '$1')
    .replace(/^\s*(?:[-•]|\d+\.)\s+/gm, '')
    .replace(/[“”]/g, '"')
    .replace(/’/g, "'")
    .replace(/\s+/g, ' ')
    .toLowerCase();

type SectionOwner = Owner | 'neither';

/**
 * The headings of each source where the owner of what follows changes. A
 * heading line opens a section that runs to the next listed heading; the
 * owner is the side the section lists ("neither" for headings that list no
 * side: introductions, terminology, practice questions).
 */
const ownerHeadings: Record<string, [RegExp, SectionOwner][]> = {
  '000_08096f148d9374b5.txt': [
    [/^#+ .*Shared Security Responsibility Model/, 'neither'],
    [/^## Your Responsibility:/, 'customer'],
    [/^## AWS's Responsibility:/, 'aws'],
    [/^## Service Differences/, 'neither'],
    [/^# Terminology/, 'neither'],
  ],
  '001_e80394031ba5a2d4.txt': [
    [/^## AWS security responsibilities/, 'aws'],
    [/^## Customer security responsibilities/, 'customer'],
    [/^## Service characteristics and security responsibility$/, 'neither'],
    [/^### Example services managed by the customer/, 'customer'],
    [/^### Example services managed by AWS/, 'aws'],
    [/^### Infrastructure as a service/, 'neither'],
    [/^## Service characteristics and security responsibility \(continued\)/, 'neither'],
    [/^## Activity: /, 'neither'],
    [/^## Key takeaways/, 'neither'],
  ],
  '002_dbfda42c32b847e0.txt': [
    [/^AWS responsibility - Security of the Cloud/, 'aws'],
    [/^Customer responsibility - Security in the Cloud/, 'customer'],
    [/^Shared controls:/, 'shared'],
    [/^root user Privileges/, 'neither'],
    [/^summary/, 'neither'],
  ],
  '003_45311565086c6c73.txt': [
    [/^\s*1\. AWS Responsibility - Security of the Cloud:/, 'aws'],
    [/^\s*2\. Customer Responsibility - Security in the Cloud:/, 'customer'],
  ],
  '004_6a77e7640cc3aed5.txt': [
    [/^II\. Customer Responsibilities/, 'customer'],
    [/^II\. Best Practices/, 'neither'],
    [/^Practice Test/, 'neither'],
    [/^Interview Questions/, 'neither'],
  ],
};

interface Seed {
  text: string;
  /** Sections by their start in `text`, in order. */
  sections: { start: number; owner: SectionOwner }[];
}

function readSeed(file: string): Seed {
  const raw = readFileSync(join(seedsDir, file), 'utf8');
  const sections: Seed['sections'] = [{ start: 0, owner: 'neither' }];
  let offset = 0;
  for (const line of raw.split('\n')) {
    const heading = ownerHeadings[file]?.find(([re]) => re.test(line));
    if (heading) sections.push({ start: norm(raw.slice(0, offset)).length, owner: heading[1] });
    offset += line.length + 1;
  }
  return { text: norm(raw), sections };
}

const fragmentsOf = (passage: string) => passage.split(' … ').map((f) => norm(f).replace(/:$/, '').trim());

describe('passages quoted from the source documents', () => {
  it(`finds the source documents (set DEMARC_SEEDS to their folder; looked in ${seedsDir})`, () => {
    expect(seedFiles.filter((f) => !existsSync(join(seedsDir, f)))).toEqual([]);
  });

  const seeds = new Map(seedsFound ? seedFiles.map((f) => [f, readSeed(f)]) : []);

  it('marks the owner headings of every source (a heading table that matched nothing would check nothing)', () => {
    expect(seeds.size).toBe(seedFiles.length);
    for (const [file, seed] of seeds) expect(seed.sections.length - 1, file).toBe(ownerHeadings[file]?.length);
  });

  it('quotes every passage word for word from its source', () => {
    expect(seeds.size).toBe(seedFiles.length);
    const bad = builtinCards.flatMap(({ card }) =>
      fragmentsOf(card.passage ?? '').flatMap((f) => (seeds.get(card.source)?.text.includes(f) ? [] : [`${card.id}: ${f}`])),
    );
    expect(bad).toEqual([]);
  });
});
