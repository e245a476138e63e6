// Every built-in card quotes the source document it rests on. The quote must
// be the source's own words, its fragments (" … " marks an elision) in the
// source's order, and it must never reach across a heading where the owner
// changes: a learner who reads "AWS responsibility … Encrypting application
// data" beside a customer answer has been misled by the cut, not taught.
//
// The source documents are not part of the repository: DEMARC_SEEDS names
// their folder (else they are looked for beside the repository), and without them this
// file fails rather than passing by checking nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceDocumentFiles } from '../../electron/core/decks/source-titles.js';
import type { Owner } from '../../electron/core/domain/types.js';
import { builtinCards } from '../helpers/builtin-deck-files.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const seedFiles = sourceDocumentFiles;
const hasSeeds = (dir: string) => seedFiles.every((f) => existsSync(join(dir, f)));
// DEMARC_SEEDS when set; else beside the repository, or in the shared folder of a checkout kept elsewhere.
const candidates = process.env.DEMARC_SEEDS ? [resolve(process.env.DEMARC_SEEDS)] : [resolve(repoRoot, '../shared/seeds'), resolve(repoRoot, '../../shared/seeds'), '/work/shared/seeds'];
const seedsDir = candidates.find(hasSeeds) ?? candidates.join(' or ');
const seedsFound = hasSeeds(seedsDir);

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

/** Every place a fragment occurs in the text. */
function occurrences(text: string, fragment: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) found.push(at);
  return found;
}

/** Where each fragment is found in order, starting from the first fragment's `anchor`-th occurrence; null when one is missing after the one before. */
function placeInOrder(text: string, fragments: string[], anchor: number): number[] | null {
  const places: number[] = [];
  let from = anchor;
  for (const fragment of fragments) {
    const at = text.indexOf(fragment, from);
    if (at < 0) return null;
    places.push(at);
    from = at + fragment.length;
  }
  return places;
}

/** The owners of the sections a span of text touches, "neither" left out. */
function ownersTouched(seed: Seed, from: number, to: number): Set<SectionOwner> {
  const owners = new Set<SectionOwner>();
  seed.sections.forEach((section, i) => {
    const end = seed.sections[i + 1]?.start ?? Infinity;
    if (section.owner !== 'neither' && section.start < to && end > from) owners.add(section.owner);
  });
  return owners;
}

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
    // Cards resting on a current AWS page (named by its address) are left to that page.
    const fromDocuments = builtinCards.filter(({ card }) => seedFiles.includes(card.source));
    expect(fromDocuments.length).toBeGreaterThan(200);
    const bad = fromDocuments.flatMap(({ card }) =>
      fragmentsOf(card.passage ?? '').flatMap((f) => (seeds.get(card.source)?.text.includes(f) ? [] : [`${card.id}: ${f}`])),
    );
    expect(bad).toEqual([]);
  });

  it('keeps the fragments of a passage in the order of the source, never reaching across a heading where the owner changes', () => {
    expect(seeds.size).toBe(seedFiles.length);
    const outOfOrder: string[] = [];
    const crossing: string[] = [];
    for (const { card } of builtinCards) {
      const seed = seeds.get(card.source);
      if (!seed || !card.passage) continue;
      const fragments = fragmentsOf(card.passage);
      const placements = occurrences(seed.text, fragments[0]!)
        .map((anchor) => placeInOrder(seed.text, fragments, anchor))
        .filter((places): places is number[] => places !== null);
      if (placements.length === 0) {
        outOfOrder.push(card.id);
        continue;
      }
      // A passage reads one side's section: some placement of its fragments touches at most one owner.
      const clean = placements.some((places) => ownersTouched(seed, places[0]!, places.at(-1)! + fragments.at(-1)!.length).size <= 1);
      if (!clean) crossing.push(card.id);
    }
    expect({ outOfOrder, crossing }).toEqual({ outOfOrder: [], crossing: [] });
  });
});
