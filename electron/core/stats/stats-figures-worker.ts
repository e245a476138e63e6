import { serveWorkerRun } from '../db/worker-run.js';
import { prepareFiguresOfFile, type PreparedFigures, type PrepareWorkerRequest } from './prepared-figures.js';

/** The Stats report's pass over every card on a thread of its own (prepared-figures.ts; started once the collection is open). */
serveWorkerRun<PrepareWorkerRequest, PreparedFigures>((request, report) => prepareFiguresOfFile(request.file, request.figures, report));
