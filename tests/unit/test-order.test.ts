// The order npm test starts its files in (tests/setup/test-order.ts): the long
// proofs first, longest first, then the browser files, then the short Node files.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import config from '../../vitest.config.js';
import { LongProofsFirst } from '../setup/test-order.js';
import { slowTestPaths } from '../setup/test-projects.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** What the sequencer reads of a file: its project's name and settings, and where it is. */
function spec(project: 'fast' | 'slow' | 'e2e', file: string): TestSpecification {
  const isolate = project === 'e2e';
  return { moduleId: path.join(root, file), project: { name: project, config: { isolate, sequence: { groupOrder: 0 } } } } as unknown as TestSpecification;
}

/** A run that has no durations on record, as in a fresh clone: vitest then orders by file size. */
const freshRun = {
  config: { root },
  cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
} as unknown as Vitest;

describe('test order', () => {
  it('starts the long proofs first in their listed order, then the browser files, then the short Node files', async () => {
    const files = [
      spec('fast', 'tests/unit/card-number.test.ts'),
      spec('slow', slowTestPaths[2]!),
      spec('e2e', 'tests/e2e/accessibility.e2e.test.ts'),
      spec('slow', slowTestPaths[0]!),
      spec('fast', 'tests/unit/today-groups.test.ts'),
      spec('slow', slowTestPaths[1]!),
    ];
    const sorted = await new LongProofsFirst(freshRun).sort(files);
    expect(sorted.map((f) => `${f.project.name} ${path.relative(root, f.moduleId)}`)).toEqual([
      `slow ${slowTestPaths[0]}`,
      `slow ${slowTestPaths[1]}`,
      `slow ${slowTestPaths[2]}`,
      'e2e tests/e2e/accessibility.e2e.test.ts',
      'fast tests/unit/card-number.test.ts',
      'fast tests/unit/today-groups.test.ts',
    ]);
  });

  it('is the order vitest.config.ts gives the run', () => {
    expect(config.test?.sequence?.sequencer).toBe(LongProofsFirst);
  });
});
