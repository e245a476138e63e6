// Rules that keep the built-in cards teaching the line rather than the test:
// a learner must not be able to score by reading the wording, the file order
// or the deck name. Each rule is checked mechanically over decks/*.json.
import { describe, expect, it } from 'vitest';
import { sourceTitles } from '../../electron/core/decks/source-titles.js';
import type { DeckFileCard } from '../../electron/core/decks/deck-file.js';
import { lineServices } from '../../electron/core/line/line-model.js';
import { builtinCards as cards, builtinDecks as decks, isTrueFalse, learnerText } from '../helpers/builtin-deck-files.js';

const responsibility = cards.flatMap(({ deck, card }) => (card.kind === 'responsibility' ? [{ deck, card }] : []));
const choice = cards.flatMap(({ deck, card }) => (card.kind === 'choice' ? [{ deck, card }] : []));

/** Words that name the owner instead of the task. */
const giveAways = [/\byour?s?\b/i, /\bcustomers?'?s?\b/i, /\bAWS['’]s\b/i, /\bshared\b/i, /\bjointly\b/i, /\bof the AWS (network|infrastructure)\b/i, /\bthe AWS infrastructure\b/i];
/** Learner-facing text speaks of the material, never of how it was assembled. */
const backstage = [/\bseeds?\b/i, /\bmodule\b/i, /\.txt\b/i];

describe('built-in card content', () => {
  it('no responsibility prompt names its owner', () => {
    const bad = responsibility.filter(({ card }) => giveAways.some((re) => re.test(card.prompt))).map(({ card }) => `${card.id}: ${card.prompt}`);
    expect(bad).toEqual([]);
  });

  it('no card speaks of seeds, modules or file names', () => {
    const bad = cards.filter(({ card }) => learnerText(card).some((t) => backstage.some((re) => re.test(t)))).map(({ card }) => card.id);
    expect(bad).toEqual([]);
  });

  it('no deck with 8 or more responsibility cards gives one owner more than 85%', () => {
    for (const deck of decks) {
      const owners = deck.cards.flatMap((c) => (c.kind === 'responsibility' ? [c.owner] : []));
      if (owners.length < 8) continue;
      for (const owner of ['aws', 'customer', 'shared']) {
        const share = owners.filter((o) => o === owner).length / owners.length;
        expect(share, `${deck.id}: ${owner}`).toBeLessThanOrEqual(0.85);
      }
    }
  });

  it('teaches no service that has ended as current: every card naming Amazon Chime says it ended', () => {
    // AWS ended Amazon Chime on 20 February 2026; the lesson's SaaS example is kept only as history.
    const current = cards.filter(({ card }) => {
      const text = learnerText(card).join('\n');
      return /\bChime\b/.test(text) && !/\bended\b/.test(text);
    });
    expect(current.map(({ card }) => card.id)).toEqual([]);
    expect(responsibility.filter(({ card }) => /Chime/.test(card.service ?? '')).map(({ card }) => card.id)).toEqual([]);
    expect(decks.filter((d) => /Chime/.test(d.title)).map((d) => d.id)).toEqual([]);
    expect(lineServices.map((s) => s.label).filter((l) => /Chime/.test(l))).toEqual([]);
  });

  it('spreads the right answers of choice cards over the positions in the files', () => {
    const ordered = choice.filter(({ card }) => !isTrueFalse(card.options));
    const firstRight = ordered.filter(({ card }) => card.answer.includes(0));
    expect(firstRight.length / ordered.length).toBeLessThanOrEqual(0.4);
    for (const deck of decks) {
      const own = ordered.filter((c) => c.deck === deck.id);
      if (own.length >= 3) expect(own.every(({ card }) => card.answer.includes(0)), deck.id).toBe(false);
    }
    const singlePositions = new Set(ordered.filter(({ card }) => card.answer.length === 1).map(({ card }) => card.answer[0]));
    expect(singlePositions.size).toBeGreaterThanOrEqual(3);
    const trueFalse = choice.filter(({ card }) => isTrueFalse(card.options));
    const trueRight = trueFalse.filter(({ card }) => card.answer[0] === 0).length;
    expect(trueRight / trueFalse.length).toBeGreaterThanOrEqual(0.3);
    expect(trueRight / trueFalse.length).toBeLessThanOrEqual(0.7);
  });

  it('names a source document with a title for every card, and quotes it', () => {
    const bad = cards.filter(({ card }) => !Object.hasOwn(sourceTitles, card.source) || !card.passage?.trim()).map(({ card }) => card.id);
    expect(bad).toEqual([]);
  });

  it('forms fact groups of two or more cards that agree on the owner', () => {
    const groups = new Map<string, DeckFileCard[]>();
    for (const { card } of cards) if (card.group) groups.set(card.group, [...(groups.get(card.group) ?? []), card]);
    expect(groups.size).toBeGreaterThan(0);
    for (const [group, members] of groups) {
      expect(group, group).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(members.length, group).toBeGreaterThanOrEqual(2);
      const owners = new Set(members.flatMap((c) => (c.kind === 'responsibility' ? [c.owner] : [])));
      expect(owners.size, group).toBeLessThanOrEqual(1);
    }
  });

  it('every basic card explains its answer', () => {
    expect(cards.filter(({ card }) => card.kind === 'basic' && !card.explanation?.trim()).map(({ card }) => card.id)).toEqual([]);
  });

  it('every responsibility explanation teaches the rule: at least two sentences, and what the other side does', () => {
    // An explanation that only says "it is on the list" teaches the list; naming the other side's part
    // (or, for a shared control, both halves) teaches where the line falls.
    const bad = responsibility
      .filter(({ card }) => {
        const e = card.explanation;
        const sentences = e.split(/(?<=[.!?])\s+(?=[A-Z(])/).length;
        const customerSide = /\b(customer|company|owner)/i.test(e);
        const awsSide = /\bAWS\b/.test(e);
        const otherSide = card.owner === 'aws' ? customerSide : card.owner === 'customer' ? awsSide : customerSide && awsSide;
        return sentences < 2 || !otherSide;
      })
      .map(({ card }) => card.id);
    expect(bad).toEqual([]);
  });

  it('every explanation is longer than its prompt', () => {
    const bad = cards
      .filter(({ card }) => {
        if (card.kind === 'responsibility') return card.explanation.length <= card.prompt.length;
        if (card.kind === 'choice') return card.explanation.length <= card.question.length;
        return card.explanation !== undefined && card.explanation.length <= card.front.length;
      })
      .map(({ card }) => card.id);
    expect(bad).toEqual([]);
  });
});
