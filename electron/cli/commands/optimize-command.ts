import { DemarcError, ErrorCode } from '../../core/domain/errors.js';
import { OptimizerJob } from '../../core/jobs/optimizer-job.js';
import type { Evaluation, OptimizerPhase } from '../../core/optimizer/optimizer-types.js';
import type { CliCommand } from '../cli-command.js';

export interface OptimizeResult {
  reviewsUsed: number;
  current: Evaluation;
  fitted: Evaluation;
  /** The 21 fitted FSRS-6 parameters. */
  parameters: number[];
  saved: boolean;
  message: string;
  seconds: number;
}

const phaseText: Record<OptimizerPhase, string> = {
  preparing: 'Preparing the review history',
  fitting: 'Fitting parameters',
  evaluating: 'Evaluating the current and the fitted parameters',
};

export const optimizeCommand: CliCommand<OptimizeResult> = {
  name: 'optimize',
  summary: 'Fit FSRS parameters to your review history; saved only if they predict it better',
  usage: 'optimize [--db PATH] [--json]',
  run: async (ctx) => {
    const started = performance.now();
    let lastPhase: OptimizerPhase | null = null;
    let lastTenth = -1;
    const job = new OptimizerJob(ctx.collection(), {
      onStatus: (s) => {
        if (s.state !== 'running' || !s.phase) return;
        const tenth = Math.floor(s.progress * 10);
        if (s.phase !== lastPhase) ctx.progress(`${phaseText[s.phase]}…`);
        else if (s.phase === 'fitting' && tenth > lastTenth) ctx.progress(`  ${Math.round(s.progress * 100)}%`);
        lastPhase = s.phase;
        lastTenth = tenth;
      },
    });
    job.start();
    const end = await job.whenSettled();
    if (end.state !== 'done' || !end.current || !end.fitted || !end.parameters) {
      throw new DemarcError(end.code ?? ErrorCode.internal, end.message || `Optimizing ended as ${end.state}.`);
    }
    return {
      reviewsUsed: end.reviewsUsed,
      current: end.current,
      fitted: end.fitted,
      parameters: end.parameters,
      saved: end.saved,
      message: end.message,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  },
  format: (r) => {
    const row = (label: string, e: Evaluation) => `${label.padEnd(12)}${e.logLoss.toFixed(4).padStart(10)}${`${(e.rmseBins * 100).toFixed(2)}%`.padStart(12)}`;
    return [
      `Fitted FSRS-6 parameters to ${r.reviewsUsed} reviews in ${r.seconds.toFixed(1)} s.`,
      '',
      `${''.padEnd(12)}${'log loss'.padStart(10)}${'RMSE(bins)'.padStart(12)}`,
      row('current', r.current),
      row('fitted', r.fitted),
      '',
      `Parameters: ${r.parameters.map((x) => x.toFixed(4)).join(', ')}`,
      '',
      r.saved ? 'Saved: the fitted parameters are now in use.' : 'Not saved: the current parameters fit your history at least as well.',
    ].join('\n');
  },
};
