import type { Collection } from '../collection.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import type { StatsPeriod, StatsReport, StatsScope } from './stats-types.js';

export function computeStats(_c: Collection, _scope: StatsScope, _period: StatsPeriod): StatsReport {
  throw new DemarcError(ErrorCode.internal, 'stats: not built yet');
}
