import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../electron/api/wire-types.js';
import { jobStatusOf, pollJob, type JobStatus, type PollTimers } from '../../renderer/src/lib/api/job-polling.js';

/** Timers run by hand: `tick()` runs what is scheduled, so a test sees every read. */
function manualTimers() {
  const queue: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const timers: PollTimers = {
    schedule: (run, ms) => {
      const entry = { run, ms, cancelled: false };
      queue.push(entry);
      return () => (entry.cancelled = true);
    },
  };
  const tick = async () => {
    const due = queue.splice(0).filter((e) => !e.cancelled);
    for (const entry of due) entry.run();
    // Let the read's reply arrive.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return due.map((e) => e.ms);
  };
  return { timers, tick, pending: () => queue.filter((e) => !e.cancelled).length };
}

const running = (fraction: number): JobStatus => ({ state: 'running', fraction, phase: 'Writing', message: '' });
const done: JobStatus = { state: 'done', fraction: 1, phase: '', message: '' };

describe('polling a job', () => {
  it('reads one at a time until the job stops running, handing on every status', async () => {
    const replies = [running(0.4), running(0.8), done];
    let reads = 0;
    const seen: JobStatus[] = [];
    const { timers, tick, pending } = manualTimers();
    const poll = pollJob({ read: () => Promise.resolve(replies[reads++]!), view: (s) => s, onStatus: (s) => seen.push(s), onError: () => expect.fail(), intervalMs: 120, timers }, running(0));
    // The start call's reply said "running": the first read waits one interval.
    expect(reads).toBe(0);
    expect(await tick()).toEqual([120]);
    expect(reads).toBe(1);
    await tick();
    await tick();
    expect(await poll.finished).toEqual(done);
    expect(seen).toEqual(replies);
    expect(pending()).toBe(0);
    // Nothing more is read once the job has stopped.
    await tick();
    expect(reads).toBe(3);
  });

  it('a first status that is not running reads nothing; without one, it reads at once', async () => {
    let reads = 0;
    const { timers } = manualTimers();
    const idle = pollJob({ read: () => (reads++, Promise.resolve(done)), view: (s) => s, onStatus: () => undefined, onError: () => undefined, intervalMs: 100, timers }, done);
    expect(await idle.finished).toEqual(done);
    expect(reads).toBe(0);
    const fresh = pollJob({ read: () => (reads++, Promise.resolve(done)), view: (s) => s, onStatus: () => undefined, onError: () => undefined, intervalMs: 100, timers });
    expect(await fresh.finished).toEqual(done);
    expect(reads).toBe(1);
  });

  it('a failed read stops polling and says why; stop() drops a reply on its way', async () => {
    const { timers, tick, pending } = manualTimers();
    const errors: unknown[] = [];
    const failing = pollJob({ read: () => Promise.reject(new Error('gone')), view: (s: JobStatus) => s, onStatus: () => expect.fail(), onError: (e) => errors.push(e), intervalMs: 100, timers }, running(0));
    await tick();
    expect(await failing.finished).toBeNull();
    expect(errors).toEqual([new Error('gone')]);
    expect(pending()).toBe(0);

    let answer: (s: JobStatus) => void = () => undefined;
    const seen: JobStatus[] = [];
    const stopped = pollJob({ read: () => new Promise<JobStatus>((resolve) => (answer = resolve)), view: (s) => s, onStatus: (s) => seen.push(s), onError: () => expect.fail(), intervalMs: 100, timers }, running(0));
    await tick();
    stopped.stop();
    answer(running(0.5));
    expect(await stopped.finished).toBeNull();
    await tick();
    expect(seen).toEqual([]);
    expect(pending()).toBe(0);
  });
});

describe('one status shape for every job', () => {
  it('import, optimizer and simulator say whether they run, how far and what failed', () => {
    const importing = { state: 'failed', fileName: 'a.apkg', progress: 0.3, phase: 'Writing cards', summary: null, error: { code: 'INVALID_FILE', message: 'Not an Anki file.' } } satisfies ApiResult<'import.status'>;
    expect(jobStatusOf.import(importing)).toEqual({ state: 'failed', fraction: 0.3, phase: 'Writing cards', message: 'Not an Anki file.' });
    const optimizing = { state: 'running', phase: 'fitting', progress: 0.5, reviewsUsed: 10, current: null, fitted: null, parameters: null, saved: false, code: null, message: '' } satisfies ApiResult<'optimizer.status'>;
    expect(jobStatusOf.optimizer(optimizing)).toEqual({ state: 'running', fraction: 0.5, phase: 'fitting', message: '' });
    const simulating = { state: 'done', progress: 1, result: null, message: 'Simulated 365 days.' } satisfies ApiResult<'simulator.status'>;
    expect(jobStatusOf.simulator(simulating)).toEqual({ state: 'done', fraction: 1, phase: '', message: 'Simulated 365 days.' });
  });

  it('a sync round runs while it reports progress, failed when it left an error, done once it synced', () => {
    const base = { folder: '/s', device: 'd', lastSyncAt: null, devicesSeen: 0, pendingChanges: 0, waiting: 0, lastError: null, lastReport: null, progress: null } satisfies ApiResult<'sync.status'>;
    expect(jobStatusOf.sync(base).state).toBe('idle');
    expect(jobStatusOf.sync({ ...base, progress: { message: 'Reading change files: 3 of 40', fraction: 0.075, startedAt: 1 } })).toEqual({
      state: 'running',
      fraction: 0.075,
      phase: 'Reading change files: 3 of 40',
      message: '',
    });
    expect(jobStatusOf.sync({ ...base, lastSyncAt: 5 }).state).toBe('done');
    expect(jobStatusOf.sync({ ...base, lastSyncAt: 5, lastError: { message: 'Folder gone.', action: 'Choose it again.', at: 6 } })).toMatchObject({ state: 'failed', message: 'Folder gone.' });
  });
});
