import { z } from 'zod';
import { cardId, cardIds, id, isoDate, method, none, sessionId } from './contract-kit.js';
import { cardStateNames, cramOrders, owners, serviceTypes } from '../core/domain/types.js';
import type {
  AnswerResult,
  CardList,
  DeckOptions,
  DeckSummary,
  DoctorReport,
  StudySession,
  TodayView,
  UndoResult,
  UndoState,
  WorkerJobStatus,
} from '../core/domain/types.js';
import { settingsUpdateSchema, type Settings } from '../core/settings/settings-schema.js';
import { answerDurationSchema, deckOptionSchemas, deckTitleSchema, gradeSchema } from '../core/domain/value-rules.js';
import { statsPeriods, type StatsReport } from '../core/stats/stats-types.js';
import { maxImportFileBase64, type ImportJobStatus, type ImportPreview, type ImportSummary } from '../core/importing/import-types.js';
import type { Verdict } from '../core/review/answer-check.js';
import type { ErrorCodeValue } from '../core/domain/errors.js';
import type { OptimizerStatus } from '../core/optimizer/optimizer-types.js';
import type { BackupInfo } from '../core/backup/backup-list.js';
import type { BackupResult } from '../core/backup/backup-steps.js';
import type { RestoreResult } from '../core/backup/restore-backup.js';
import type { StorageHealth } from '../core/db/background-problems.js';
import type { LineView } from '../core/line/line-types.js';
import type { SyncStatus } from '../core/sync/sync-status.js';
import type { OpeningStatus } from '../core/jobs/collection-opening.js';
import type { ApiMethodName } from './api-method-names.js';
import { authoringContract } from './authoring-contract.js';
import { schedulingContract } from './scheduling-contract.js';
import { cardToolsContract } from './card-tools-contract.js';
import { cardShiftContract } from './card-shift-contract.js';
import { practiceContract } from './practice-contract.js';

/**
 * The one API contract between the renderer and the back end: for each
 * method, the schema of its single argument (validated at runtime by the
 * dispatcher) and the type of its result. Pure: no Node, no DOM.
 */



const importOptions = z
  .object({
    deckName: deckTitleSchema.optional(),
    includeHistory: z.boolean().optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    hasHeader: z.boolean().optional(),
    html: z.boolean().optional(),
    mapping: z
      .object({
        front: z.number().int().min(0).max(999),
        back: z.number().int().min(0).max(999),
        tags: z.number().int().min(0).max(999).optional(),
        deck: z.number().int().min(0).max(999).optional(),
        owner: z.number().int().min(0).max(999).optional(),
        guid: z.number().int().min(0).max(999).optional(),
        notetype: z.number().int().min(0).max(999).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * A file to import: its bytes, or the token its preview staged it under (so
 * a file crosses the transport once: preview, changed options, then import).
 */
const importFile = z
  .object({
    fileName: z.string().min(1).max(500),
    dataBase64: z.string().max(maxImportFileBase64, 'the file is larger than imports allow').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file arrived damaged; choose it again').optional(),
    staged: z.string().regex(/^[A-Za-z0-9_-]{24}$/, 'a token from the preview').optional(),
    options: importOptions.optional(),
  })
  .strict()
  .refine((file) => (file.dataBase64 === undefined) !== (file.staged === undefined), 'send either the file (dataBase64) or the token its preview gave (staged)');

/** A preview names the token its file is staged under: later previews and the import refer to it. */
export type StagedImportPreview = ImportPreview & { staged: string };

/** Whether a change of the scheduling parameters schedules the studied cards again (default no, as in Anki). */
const rescheduleChoice = z.object({ reschedule: z.boolean().optional() }).strict();

export const cramRequestSchema = z
  .object({
    deckIds: z.array(id).max(1000).optional(),
    serviceTypes: z.array(z.enum(serviceTypes)).max(serviceTypes.length).optional(),
    owners: z.array(z.enum(owners)).max(3).optional(),
    services: z.array(z.string().min(1).max(200)).max(1000).optional(),
    cardIds: z.array(cardId).max(1000).optional(),
    size: z.number().int().min(1).max(1000),
    order: z.enum(cramOrders),
    mistakeDays: z.number().int().min(1).max(365).optional(),
    seed: z.number().int().min(0).max(2 ** 31).optional(),
    query: z.string().max(1000).optional(),
  })
  .strict();

/** What the learner did: the owner picked, the options chosen (indices into the card file's options), or that the answer was revealed. */
const learnerAction = {
  pickedOwner: z.enum(owners).optional(),
  chosenOptions: z.array(z.number().int().min(0).max(99)).min(1).max(100).optional(),
  revealed: z.boolean().optional(),
};

/** An answer carries what the learner did, never a verdict: the back end judges it. */
export const answerArgsSchema = z
  .object({
    /** Omitted only by scripted callers; such answers cannot be undone from a screen. */
    sessionId: sessionId.optional(),
    cardId,
    grade: gradeSchema,
    durationMs: answerDurationSchema,
    ...learnerAction,
  })
  .strict();
export type AnswerArgs = z.infer<typeof answerArgsSchema>;

export const checkArgsSchema = z.object({ cardId, ...learnerAction }).strict();
export type CheckArgs = z.infer<typeof checkArgsSchema>;

export const undoArgsSchema = z.object({ sessionId }).strict();

export const cramArgsSchema = z.object({ request: cramRequestSchema, countTowardSchedule: z.boolean() }).strict();
export type CramArgs = z.infer<typeof cramArgsSchema>;

export const deckCardsArgsSchema = z
  .object({
    deckId: id,
    search: z.string().max(500).optional(),
    state: z.enum([...cardStateNames, 'suspended', 'all']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
export type DeckCardsArgs = z.infer<typeof deckCardsArgsSchema>;

export const statsArgsSchema = z
  .object({
    scope: z.object({ deckId: id.optional(), serviceType: z.enum(serviceTypes).optional() }).strict(),
    period: z.enum(statsPeriods),
    /** Any date range instead of the period (YYYY-MM-DD, both days included). */
    range: z.object({ from: isoDate, to: isoDate }).strict().optional(),
  })
  .strict();
export type StatsArgs = z.infer<typeof statsArgsSchema>;


export const apiContract = {
  'today.get': method<typeof none, TodayView>(none),
  'study.start': method<z.ZodObject<{ deckIds: z.ZodOptional<z.ZodArray<typeof id>> }, z.core.$strict>, StudySession>(
    z.object({ deckIds: z.array(id).max(1000).optional() }).strict(),
  ),
  'study.check': method<typeof checkArgsSchema, Verdict>(checkArgsSchema),
  'study.answer': method<typeof answerArgsSchema, AnswerResult>(answerArgsSchema),
  'study.undo': method<typeof undoArgsSchema, UndoResult | null>(undoArgsSchema),
  /** "Study this deck anyway": `count` more new cards from this deck today, past the daily limits; returns the deck as it is now. */
  'study.extendNew': method<z.ZodType<{ deckId: string; count: number }>, DeckSummary>(
    z.object({ deckId: id, count: z.number().int().min(1).max(9999) }).strict(),
  ),
  'cram.start': method<typeof cramArgsSchema, StudySession>(cramArgsSchema),
  'line.get': method<typeof none, LineView>(none),
  'decks.list': method<typeof none, DeckSummary[]>(none),
  'decks.cards': method<typeof deckCardsArgsSchema, CardList>(deckCardsArgsSchema),
  'decks.delete': method<z.ZodType<{ deckId: string }>, { cards: number; reviews: number }>(z.object({ deckId: id }).strict()),
  'decks.export': method<
    z.ZodType<{ deckId: string; format: 'json' | 'csv' | 'apkg'; withScheduling?: boolean | undefined; legacy?: boolean | undefined }>,
    { fileName: string; mimeType: string; text: string; encoding?: 'base64' | undefined }
  >(z.object({ deckId: id, format: z.enum(['json', 'csv', 'apkg']), withScheduling: z.boolean().optional(), legacy: z.boolean().optional() }).strict()),
  'decks.setOptions': method<z.ZodType<{ deckId: string } & DeckOptions>, DeckSummary[]>(
    z
      .object({
        deckId: id,
        ...deckOptionSchemas,
      })
      .strict(),
  ),
  /** With a review session's id, the session can undo it (card-tools-contract.ts). */
  'cards.suspend': method<z.ZodType<{ cardIds: number[]; suspended: boolean; sessionId?: string | undefined }>, { changed: number; undo: UndoState | null }>(
    z.object({ cardIds, suspended: z.boolean(), sessionId: sessionId.optional() }).strict(),
  ),
  'cards.reset': method<z.ZodType<{ cardIds: number[] }>, { changed: number }>(z.object({ cardIds }).strict()),
  'cards.move': method<z.ZodType<{ cardIds: number[]; deckId: string }>, { changed: number }>(z.object({ cardIds, deckId: id }).strict()),
  ...authoringContract,
  'settings.get': method<typeof none, Settings>(none),
  'settings.update': method<typeof settingsUpdateSchema, Settings>(settingsUpdateSchema),
  'stats.get': method<typeof statsArgsSchema, StatsReport>(statsArgsSchema),
  'import.preview': method<typeof importFile, StagedImportPreview>(importFile),
  'import.run': method<typeof importFile, ImportSummary>(importFile),
  'import.start': method<typeof importFile, ImportJobStatus>(importFile),
  'import.status': method<typeof none, ImportJobStatus>(none),
  'import.cancel': method<typeof none, ImportJobStatus>(none),
  /** `reschedule`: saving the fitted parameters schedules the studied cards again (default: their due dates stay). */
  'optimizer.start': method<typeof rescheduleChoice, OptimizerStatus>(rescheduleChoice),
  'optimizer.status': method<typeof none, OptimizerStatus>(none),
  'optimizer.cancel': method<typeof none, OptimizerStatus>(none),
  'optimizer.reset': method<typeof rescheduleChoice, Settings>(rescheduleChoice),
  'app.info': method<typeof none, AppInfo>(none),
  'app.health': method<typeof none, StorageHealth>(none),
  /** Where the opening of the collection is (an older one is backed up, then upgraded): the only call answered until it is ready. */
  'app.opening': method<typeof none, OpeningStatus>(none),
  'backups.list': method<typeof none, BackupInfo[]>(none),
  /** Resolves once the backup (on a worker thread) is in place; `backups.status` shows its progress meanwhile. */
  'backups.create': method<typeof none, BackupInfo[]>(none),
  'backups.status': method<typeof none, WorkerJobStatus<BackupResult>>(none),
  /** `doctor` on a worker thread: returns its status at once, then `doctor.status` until it is done. */
  'doctor.start': method<typeof none, WorkerJobStatus<DoctorReport>>(none),
  'doctor.status': method<typeof none, WorkerJobStatus<DoctorReport>>(none),
  'backups.restore': method<z.ZodType<{ name: string }>, RestoreResult>(
    z.object({ name: z.string().regex(/^[\w.-]{1,200}\.sqlite$/, 'a backup file name in the backups folder') }).strict(),
  ),
  'sync.status': method<typeof none, SyncStatus>(none),
  'sync.setFolder': method<z.ZodType<{ folder: string | null }>, SyncStatus>(z.object({ folder: z.string().trim().min(1).max(4096).nullable() }).strict()),
  'sync.now': method<typeof none, SyncStatus>(none),
  ...schedulingContract,
  ...cardToolsContract,
  ...cardShiftContract,
  ...practiceContract,
} satisfies Record<ApiMethodName, { args: z.ZodType; result: unknown }>;

export interface AppInfo {
  version: string;
  databaseFile: string;
  backupDir: string;
  transport: 'ipc' | 'http';
}

export type ApiContract = typeof apiContract;
export type ApiArgs<M extends ApiMethodName> = z.output<ApiContract[M]['args']>;
export type ApiResult<M extends ApiMethodName> = ApiContract[M]['result'];

export interface ApiErrorBody {
  code: ErrorCodeValue;
  message: string;
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** What the preload exposes on `window.demarc`: one function per method. */
export type DemarcBridge = { [M in ApiMethodName]: (args: ApiArgs<M>) => Promise<Envelope<ApiResult<M>>> };
