import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { slowTestPaths } from './test-projects.js';

/**
 * The order `npm test` starts its files in, on its workers: the long
 * proofs first (longest first, as tests/setup/test-projects.ts lists them),
 * then the browser files, then the short Node files, which fill the end.
 *
 * vitest's own order runs the projects by name (e2e, fast, slow), so the
 * longest files started last and two of them alone made the end of the run;
 * on a fresh clone (CI) it knows no durations and orders by file size. This
 * saves what the tail left idle, not more. Each project's files stay
 * together: vitest hands a worker process its next file only when that file
 * is of the same project (else it starts a new process, which imports
 * everything again), so interleaving browser and Node files would cost more
 * than the idle it fills.
 */
const projectRank: Record<string, number> = { slow: 0, e2e: 1, fast: 2 };

export class LongProofsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    const root = this.ctx.config.root;
    const slowIndex = (file: TestSpecification) => slowTestPaths.indexOf(path.relative(root, file.moduleId).split(path.sep).join('/'));
    const rank = (file: TestSpecification) => projectRank[file.project.name] ?? projectRank.fast!;
    return byVitest
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || (rank(a.file) === 0 ? slowIndex(a.file) - slowIndex(b.file) : a.index - b.index))
      .map(({ file }) => file);
  }
}
