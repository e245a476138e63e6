/**
 * Every property runs from a fixed seed (tests/helpers/fuzz-runs.ts): `npm
 * test` is the first cases of `npm run fuzz`, and a failure in either
 * replays. A property without one draws new cases on every run, so a
 * rare case fails one run in many and passes when run again, which is how a
 * test suite stops being believed. This reads every test file and checks
 * that each `fc.assert(…)` and `fc.sample(…)` call names its seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/test-collection.js';

/** The text of each call to `callee` in `source`, from its name to its closing parenthesis. */
function callsOf(source: string, callee: string): string[] {
  const calls: string[] = [];
  for (let at = source.indexOf(`${callee}(`); at !== -1; at = source.indexOf(`${callee}(`, at + 1)) {
    let depth = 0;
    let end = at + callee.length;
    for (; end < source.length; end++) {
      if (source[end] === '(') depth += 1;
      else if (source[end] === ')' && --depth === 0) break;
    }
    calls.push(source.slice(at, end + 1));
  }
  return calls;
}

const testFiles = fs
  .readdirSync(path.join(repoRoot, 'tests'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join('tests', f))
  .filter((f) => f !== path.join('tests', 'unit', 'property-seeds.test.ts'));

describe('property tests', () => {
  it('finds the calls it checks, whole', () => {
    expect(callsOf('a; fc.assert(fc.property(x, (y) => f(y)), { seed: 1 }); b', 'fc.assert')).toEqual(['fc.assert(fc.property(x, (y) => f(y)), { seed: 1 })']);
  });

  it('each run from a fixed seed', () => {
    const unseeded: string[] = [];
    let calls = 0;
    for (const file of testFiles) {
      const source = fs.readFileSync(path.join(repoRoot, file), 'utf8');
      for (const callee of ['fc.assert', 'fc.sample']) {
        for (const call of callsOf(source, callee)) {
          calls += 1;
          if (!/\bseed\b/.test(call)) unseeded.push(`${file}: ${call.slice(0, 80)}`);
        }
      }
    }
    expect(calls).toBeGreaterThan(10);
    expect(unseeded).toEqual([]);
  });
});
