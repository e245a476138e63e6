import type { Collection } from '../core/collection.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { practiceContract } from './practice-contract.js';

/** The handlers of practice-contract.ts. */
export function createPracticeHandlers(c: Collection): Pick<ApiHandlers, keyof typeof practiceContract> {
  return {
    'practice.overview': () => c.practiceOverview(),
    'practice.start': (args) => c.startPractice('retakeOf' in args ? { retakeOf: args.retakeOf } : { size: args.size }),
    'practice.finish': (args) => c.finishPractice(args.examId, args.answers),
    'practice.result': (args) => c.practiceResult(args.examId),
  };
}
