import { describe, expect, it } from 'vitest';
import type { PracticeItem } from '../../electron/core/practice/practice-types.js';
import {
  answersOf,
  choose,
  clock,
  emptyProgress,
  examKey,
  finishWarning,
  navigatorLabel,
  predictionGap,
  toggleMark,
} from '../../renderer/src/routes/practice/practice-state.js';

const item = (position: number, choose: number): PracticeItem => ({ position, cardId: position + 1, question: 'q', options: ['a', 'b', 'c', 'd'], optionIndexes: [2, 0, 3, 1], choose, task: '2.1' });
const single = item(0, 1);
const multiple = item(1, 2);

describe('the practice exam screen’s state', () => {
  it('a single-answer item keeps one option; a multiple-response item flips each', () => {
    let p = choose(emptyProgress(), single, 2);
    p = choose(p, single, 0);
    expect(p.chosen.get(0)).toEqual([0]);
    p = choose(p, multiple, 1);
    p = choose(p, multiple, 3);
    p = choose(p, multiple, 1);
    expect(p.chosen.get(1)).toEqual([3]);
    p = choose(p, multiple, 3);
    expect(p.chosen.has(1)).toBe(false);
  });

  it('names each navigator button by its state, and warns before finishing with work left', () => {
    let p = choose(emptyProgress(), single, 2);
    p = toggleMark(p, 0);
    expect(navigatorLabel(p, 0, 0)).toBe('Question 1, answered, marked for review, current');
    expect(navigatorLabel(p, 1, 0)).toBe('Question 2, not answered');
    expect(finishWarning(p, [single, multiple])).toBe('1 question is not answered (it counts as wrong) and 1 question is marked for review.');
    p = toggleMark(p, 0);
    p = choose(p, multiple, 1);
    expect(finishWarning(p, [single, multiple])).toBe('');
    expect(answersOf(p, [single, multiple])).toEqual([
      { position: 0, chosen: [2], marked: false },
      { position: 1, chosen: [1], marked: false },
    ]);
  });

  it('reads the keys: digits choose, N and P move, M marks, F finishes; modified keys are left alone', () => {
    const key = (k: string, mod = false) => examKey({ key: k, ctrlKey: mod, metaKey: false, altKey: false });
    expect(key('3')).toEqual({ kind: 'option', shown: 2 });
    expect(key('N')).toEqual({ kind: 'next' });
    expect(key('p')).toEqual({ kind: 'previous' });
    expect(key('m')).toEqual({ kind: 'mark' });
    expect(key('f')).toEqual({ kind: 'finish' });
    expect(key('0')).toBeNull();
    expect(key('n', true)).toBeNull();
  });

  it('shows time left as m:ss (h:mm:ss past an hour), and the prediction’s gap in words', () => {
    expect(clock(14 * 60_000)).toBe('14:00');
    expect(clock(61_500)).toBe('1:02');
    expect(clock(-5)).toBe('0:00');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(predictionGap(0.54, 0.7)).toBe('the prediction was 16 points low');
    expect(predictionGap(0.71, 0.7)).toBe('the prediction was 1 point high');
    expect(predictionGap(0.7, 0.7)).toBe('the prediction was right on');
  });
});
