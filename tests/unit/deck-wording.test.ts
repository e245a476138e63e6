// A learner must not be able to answer a responsibility card from its wording:
// "physical" must not mean AWS, "deciding" must not mean the customer. Both
// measures read the prompt the way a learner would, word by word, with the
// service name taken out, since the service is what should decide.
import { describe, expect, it } from 'vitest';
import { responsibilityCards } from '../helpers/builtin-deck-files.js';
import { leaveOneOutAccuracy, majorityBaseline, ownerCues, promptWords, serviceNames, type LabelledPrompt } from '../helpers/prompt-classifier.js';

const prompts: LabelledPrompt[] = responsibilityCards.map((c) => ({ id: c.id, prompt: c.prompt, owner: c.owner, ...(c.service ? { service: c.service } : {}) }));

describe('wording that does not answer', () => {
  it('takes every service name out of the prompts it reads', () => {
    // A name the list misses would stay in the words and let the classifier cheat.
    const filler = new Set(['on', 'amazon', 'aws']);
    const named = prompts.flatMap((p) => {
      const serviceWords = (p.service ?? '').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !filler.has(w));
      const left = promptWords(p).filter((w) => serviceWords.includes(w));
      return left.length ? [`${p.id}: ${left.join(' ')}`] : [];
    });
    expect(named).toEqual([]);
    expect(serviceNames.length).toBeGreaterThan(20);
  });

  it('a leave-one-out naive Bayes on prompt words scores no more than 10 points above always answering the most common owner', () => {
    const baseline = majorityBaseline(prompts);
    const { accuracy } = leaveOneOutAccuracy(prompts);
    expect(accuracy - baseline.accuracy).toBeLessThanOrEqual(0.1);
  });

  it('no word or phrase points to one owner on 8 or more cards (80% or more of the cards holding it)', () => {
    const cues = ownerCues(prompts, 8, 0.8).map((c) => `"${c.feature}" → ${c.owner} on ${c.cards} of ${c.of}`);
    expect(cues).toEqual([]);
  });

  it('the measures can fail: on prompts that name their owner they find the cue and beat the baseline', () => {
    const giveaway: LabelledPrompt[] = Array.from({ length: 30 }, (_, i) => ({
      id: `g${i}`,
      prompt: i % 2 ? `Racking the physical hardware number ${i}` : `Deciding what data item ${i} holds`,
      owner: i % 2 ? 'aws' : 'customer',
    }));
    expect(leaveOneOutAccuracy(giveaway).accuracy - majorityBaseline(giveaway).accuracy).toBeGreaterThan(0.3);
    expect(ownerCues(giveaway, 8, 0.8).map((c) => c.feature)).toContain('physical');
  });
});
