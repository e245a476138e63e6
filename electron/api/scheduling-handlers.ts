import { default_w } from 'ts-fsrs';
import type { Collection } from '../core/collection.js';
import { DemarcError, ErrorCode } from '../core/domain/errors.js';
import { computeExamPlan, type ExamPlanToday } from '../core/exam/exam-plan.js';
import type { DailyQueue } from '../core/review/study-queue.js';
import { examScope } from '../core/exam/exam-scope.js';
import { SimulatorJob } from '../core/jobs/simulator-job.js';
import { parametersReport } from '../core/stats/fsrs-parameters-report.js';
import type { ApiHandlers } from './api-dispatcher.js';
import type { schedulingContract } from './scheduling-contract.js';

/** What today's queue for the exam decks holds: the plan's first day, as the Today screen counts it. */
function examPlanToday(queue: DailyQueue): ExamPlanToday {
  const t = queue.totals;
  return { reviews: t.due + t.learning + t.learningLater, newCards: t.new };
}

/** The handlers of scheduling-contract.ts: presets, the simulator and the exam plan. */
export function createSchedulingHandlers(c: Collection): Pick<ApiHandlers, keyof typeof schedulingContract> {
  const simulator = new SimulatorJob(c);
  const presets = () => c.presets.list(c.settings);
  const changed = <T>(result: T): T => {
    c.presetsChanged();
    return result;
  };
  return {
    'presets.list': () => presets(),
    'presets.create': (args) => {
      const source = presets().find((p) => p.id === args.copyOf);
      if (!source) throw new DemarcError(ErrorCode.notFound, `Preset ${args.copyOf} does not exist.`);
      c.presets.create(args.name, source.config);
      return changed(presets());
    },
    'presets.update': (args) => {
      const decks = presets().find((p) => p.id === args.id)?.deckIds ?? [];
      c.changeSchedule(decks, args.reschedule ?? false, () => c.presets.update(args.id, args.name, args.config));
      return changed(presets());
    },
    'presets.delete': (args) => {
      // Its decks go back to Default, keeping their cards' due dates.
      const decks = presets().find((p) => p.id === args.id)?.deckIds ?? [];
      c.changeSchedule(decks, false, () => c.presets.delete(args.id));
      return changed(presets());
    },
    'decks.setPreset': (args) => {
      c.changeSchedule([args.deckId], args.reschedule ?? false, () => c.presets.assign(args.deckId, args.presetId));
      c.presetsChanged();
      return c.decks();
    },
    'simulator.start': (args) => simulator.start(args),
    'simulator.status': () => simulator.status(),
    'stats.parameters': () => c.read((db) => parametersReport(db, c.settings.fsrsWeights)),
    'exam.scope': () => c.read((db) => examScope(db, c.settings.examDeckIds)),
    'exam.plan': (args) => {
      // The plan covers exactly the exam's decks: an import is not on it until the learner adds it.
      const scope = c.read((db) => examScope(db, c.settings.examDeckIds));
      const deckIds = args.deckIds ?? scope.deckIds;
      const own = deckIds.length === 1 ? c.decks().find((d) => d.id === deckIds[0])?.options.examDate : null;
      const examDate = args.examDate ?? own ?? c.settings.examDate;
      if (!examDate) return null;
      const settings = deckIds.length === 1 ? c.schedulerFor(deckIds[0]!).settings : c.settings;
      return c.read((db) =>
        computeExamPlan(db, settings, settings.fsrsWeights ?? default_w, c.now(), {
          examDate,
          deckIds,
          byDefault: args.deckIds === undefined && scope.byDefault,
          today: examPlanToday(c.buildQueue({ deckIds })),
          newPerDay: args.newPerDay ?? settings.newPerDay,
        }),
      );
    },
  };
}
