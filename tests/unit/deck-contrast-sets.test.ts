// The heart of the decks: one duty asked across the services where its owner
// differs (patching the OS on EC2, on Fargate, on Lambda), worded alike so that
// only the service decides. Cards that share a `duty` form a contrast set when
// they span two or more services and two or more owners.
import { describe, expect, it } from 'vitest';
import { responsibilityLayers } from '../../electron/core/domain/types.js';
import { builtinCards, responsibilityCards, type ResponsibilityFileCard } from '../helpers/builtin-deck-files.js';
import { promptWords } from '../helpers/prompt-classifier.js';

const byDuty = new Map<string, ResponsibilityFileCard[]>();
for (const card of responsibilityCards) if (card.duty) byDuty.set(card.duty, [...(byDuty.get(card.duty) ?? []), card]);

const contrastSets = [...byDuty].filter(([, cards]) => new Set(cards.flatMap((c) => c.service ?? [])).size >= 2 && new Set(cards.map((c) => c.owner)).size >= 2);
const inContrastSets = new Set(contrastSets.flatMap(([, cards]) => cards.map((c) => c.id)));

/** The services the exam's shifts are taught on, each as the `service` names it. */
const requiredServices: Record<string, RegExp> = {
  'Amazon EC2': /^Amazon EC2$/,
  'ECS on EC2': /^Amazon ECS on Amazon EC2$/,
  Fargate: /Fargate/,
  'Amazon EKS': /^Amazon EKS$/,
  'RDS or Aurora': /^Amazon (RDS|Aurora)$/,
  'AWS Lambda': /^AWS Lambda$/,
  'Amazon S3': /^Amazon S3$/,
  'Amazon DynamoDB': /^Amazon DynamoDB$/,
  'AWS Outposts': /^AWS Outposts$/,
  'a current SaaS example (Amazon Connect)': /^Amazon Connect$/,
};

/**
 * "Shared" is the answer only where AWS's own documentation has both sides act
 * on one control: patch management, configuration management, awareness and
 * training, compliance, and their service-specific forms.
 */
const sharedControlDuties = ['patch-management', 'configuration-management', 'awareness-training', 'compliance', 'patch-os', 'container-image-contents'];

describe('contrast sets', () => {
  it('every responsibility card names its duty and its layer', () => {
    expect(responsibilityCards.filter((c) => !c.duty || !c.layer).map((c) => c.id)).toEqual([]);
    expect(new Set(responsibilityCards.map((c) => c.layer))).toEqual(new Set(responsibilityLayers));
  });

  it('holds at least 40 contrast sets: one duty, two or more services, two or more owners', () => {
    expect(contrastSets.length).toBeGreaterThanOrEqual(40);
  });

  it('covers every service the exam shifts the line on', () => {
    const services = new Set(contrastSets.flatMap(([, cards]) => cards.flatMap((c) => c.service ?? [])));
    const missing = Object.entries(requiredServices)
      .filter(([, re]) => ![...services].some((s) => re.test(s)))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('puts at least 60% of the responsibility cards in a contrast set', () => {
    expect(inContrastSets.size / responsibilityCards.length).toBeGreaterThanOrEqual(0.6);
  });

  it('words each set alike: in every set two cards of different owners read the same once the service is taken out', () => {
    const unlike = contrastSets
      .filter(([, cards]) => {
        const owners = new Map<string, Set<string>>();
        for (const c of cards) {
          const words = promptWords(c).join(' ');
          owners.set(words, (owners.get(words) ?? new Set()).add(c.owner));
        }
        return ![...owners.values()].some((o) => o.size >= 2);
      })
      .map(([duty]) => duty);
    expect(unlike).toEqual([]);
  });

  it('groups near-duplicates: cards that ask one duty on one service with one owner test one fact, and share a fact group', () => {
    // A fact group shows one of its cards a day; ungrouped duplicates would drill one fact several times a day.
    const same = new Map<string, ResponsibilityFileCard[]>();
    for (const c of responsibilityCards) {
      const key = `${c.duty} · ${c.service ?? 'no service'} · ${c.owner}`;
      same.set(key, [...(same.get(key) ?? []), c]);
    }
    const split = [...same].filter(([, cards]) => cards.length > 1 && new Set(cards.map((c) => c.group ?? c.id)).size > 1).map(([key]) => key);
    expect(split).toEqual([]);
  });

  it('keeps a duty in one layer', () => {
    const mixed = [...byDuty].filter(([, cards]) => new Set(cards.map((c) => c.layer)).size > 1).map(([duty]) => duty);
    expect(mixed).toEqual([]);
  });

  it('answers "shared" only for the shared controls, with an explanation that names both sides', () => {
    const shared = responsibilityCards.filter((c) => c.owner === 'shared');
    expect(shared.filter((c) => !sharedControlDuties.includes(c.duty ?? '')).map((c) => `${c.id} (${c.duty})`)).toEqual([]);
    expect(shared.filter((c) => !/\bAWS\b/.test(c.explanation) || !/\bcustomer\b/i.test(c.explanation)).map((c) => c.id)).toEqual([]);
    // The generic shared controls are there, and each has a service-specific form.
    expect(new Set(shared.map((c) => c.duty))).toEqual(new Set(sharedControlDuties));
  });

  it('tags every built-in card with its task statement, the contrast cards with 2.1', () => {
    expect(builtinCards.filter(({ card }) => !card.task).map(({ card }) => card.id)).toEqual([]);
    expect(responsibilityCards.filter((c) => inContrastSets.has(c.id) && c.task !== '2.1').map((c) => c.id)).toEqual([]);
  });
});
