import type { Collection } from '../collection.js';
import type { OptimizerStatus } from './optimizer-types.js';

const idle: OptimizerStatus = { state: 'idle', progress: 0, reviewsUsed: 0, current: null, fitted: null, parameters: null, saved: false, message: '' };

export class OptimizerJob {
  constructor(private readonly collection: Collection) {}
  start(): OptimizerStatus {
    return { ...idle, state: 'failed', message: `not built yet (${this.collection.file})` };
  }
  status(): OptimizerStatus {
    return idle;
  }
  cancel(): OptimizerStatus {
    return idle;
  }
}
