import { z } from 'zod';
import { cardStateNames, cramOrders, owners, serviceTypes } from '../core/domain/types.js';
import type {
  AnswerResult,
  CardList,
  DeckOptions,
  DeckSummary,
  StudySession,
  TodayView,
  UndoResult,
} from '../core/domain/types.js';
import { settingsPatchSchema, type Settings } from '../core/settings/settings-schema.js';
import { statsPeriods, type StatsReport } from '../core/stats/stats-types.js';
import type { ImportJobStatus, ImportPreview, ImportSummary } from '../core/importing/import-types.js';
import type { OptimizerStatus } from '../core/optimizer/optimizer-types.js';
import type { ApiMethodName } from './api-method-names.js';

/**
 * The one API contract between the renderer and the back end: for each
 * method, the schema of its single argument (validated at runtime by the
 * dispatcher) and the type of its result. Pure: no Node, no DOM.
 */

const id = z.string().min(1).max(200);
const cardId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const cardIds = z.array(cardId).min(1).max(100_000);
const none = z.object({}).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
/** Files travel as base64; 64 MiB of file is the most we accept. */
const maxFileBase64 = Math.ceil((64 * 1024 * 1024 * 4) / 3) + 4;

const importOptions = z
  .object({
    deckName: z.string().trim().min(1).max(200).optional(),
    includeHistory: z.boolean().optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    hasHeader: z.boolean().optional(),
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

const importFile = z
  .object({
    fileName: z.string().min(1).max(500),
    dataBase64: z.string().max(maxFileBase64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    options: importOptions.optional(),
  })
  .strict();

export const cramRequestSchema = z
  .object({
    deckIds: z.array(id).max(1000).optional(),
    serviceTypes: z.array(z.enum(serviceTypes)).max(serviceTypes.length).optional(),
    owners: z.array(z.enum(owners)).max(3).optional(),
    services: z.array(z.string().min(1).max(200)).max(1000).optional(),
    size: z.number().int().min(1).max(1000),
    order: z.enum(cramOrders),
    mistakeDays: z.number().int().min(1).max(365).optional(),
    seed: z.number().int().min(0).max(2 ** 31).optional(),
  })
  .strict();

function method<A extends z.ZodType, R>(args: A) {
  return { args, result: undefined as unknown as R };
}

export const apiContract = {
  'today.get': method<typeof none, TodayView>(none),
  'study.start': method<z.ZodObject<{ deckIds: z.ZodOptional<z.ZodArray<typeof id>> }, z.core.$strict>, StudySession>(
    z.object({ deckIds: z.array(id).max(1000).optional() }).strict(),
  ),
  'study.answer': method<z.ZodType<AnswerArgs>, AnswerResult>(
    z
      .object({
        cardId,
        grade: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        durationMs: z.number().int().min(0).max(3_600_000),
        pickedOwner: z.enum(owners).optional(),
        correct: z.boolean().optional(),
        cram: z.object({ countTowardSchedule: z.boolean() }).strict().optional(),
      })
      .strict(),
  ),
  'study.undo': method<typeof none, UndoResult | null>(none),
  'cram.start': method<z.ZodType<CramArgs>, StudySession>(
    z.object({ request: cramRequestSchema, countTowardSchedule: z.boolean() }).strict(),
  ),
  'decks.list': method<typeof none, DeckSummary[]>(none),
  'decks.cards': method<z.ZodType<DeckCardsArgs>, CardList>(
    z
      .object({
        deckId: id,
        search: z.string().max(500).optional(),
        state: z.enum([...cardStateNames, 'suspended', 'all']).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
      })
      .strict(),
  ),
  'decks.delete': method<z.ZodType<{ deckId: string }>, { cards: number; reviews: number }>(z.object({ deckId: id }).strict()),
  'decks.export': method<z.ZodType<{ deckId: string; format: 'json' | 'csv' }>, { fileName: string; mimeType: string; text: string }>(
    z.object({ deckId: id, format: z.enum(['json', 'csv']) }).strict(),
  ),
  'decks.setOptions': method<z.ZodType<{ deckId: string } & DeckOptions>, DeckSummary[]>(
    z
      .object({
        deckId: id,
        newPerDay: z.number().int().min(0).max(9999).nullable(),
        reviewsPerDay: z.number().int().min(0).max(99999).nullable(),
        examDate: isoDate.nullable(),
      })
      .strict(),
  ),
  'cards.suspend': method<z.ZodType<{ cardIds: number[]; suspended: boolean }>, { changed: number }>(
    z.object({ cardIds, suspended: z.boolean() }).strict(),
  ),
  'cards.reset': method<z.ZodType<{ cardIds: number[] }>, { changed: number }>(z.object({ cardIds }).strict()),
  'cards.move': method<z.ZodType<{ cardIds: number[]; deckId: string }>, { changed: number }>(z.object({ cardIds, deckId: id }).strict()),
  'settings.get': method<typeof none, Settings>(none),
  'settings.update': method<typeof settingsPatchSchema, Settings>(settingsPatchSchema),
  'settings.estimateWorkload': method<z.ZodType<{ desiredRetention: number }>, { reviewsPerDay: number }>(
    z.object({ desiredRetention: z.number().min(0.7).max(0.99) }).strict(),
  ),
  'stats.get': method<z.ZodType<StatsArgs>, StatsReport>(
    z
      .object({
        scope: z.object({ deckId: id.optional(), serviceType: z.enum(serviceTypes).optional() }).strict(),
        period: z.enum(statsPeriods),
      })
      .strict(),
  ),
  'import.preview': method<typeof importFile, ImportPreview>(importFile),
  'import.run': method<typeof importFile, ImportSummary>(importFile),
  'import.start': method<typeof importFile, ImportJobStatus>(importFile),
  'import.status': method<typeof none, ImportJobStatus>(none),
  'import.cancel': method<typeof none, ImportJobStatus>(none),
  'optimizer.start': method<typeof none, OptimizerStatus>(none),
  'optimizer.status': method<typeof none, OptimizerStatus>(none),
  'optimizer.cancel': method<typeof none, OptimizerStatus>(none),
  'optimizer.reset': method<typeof none, Settings>(none),
  'app.info': method<typeof none, AppInfo>(none),
} satisfies Record<ApiMethodName, { args: z.ZodType; result: unknown }>;

export interface AnswerArgs {
  cardId: number;
  grade: 1 | 2 | 3 | 4;
  durationMs: number;
  pickedOwner?: 'aws' | 'customer' | 'shared' | undefined;
  correct?: boolean | undefined;
  cram?: { countTowardSchedule: boolean } | undefined;
}
export interface CramArgs {
  request: z.infer<typeof cramRequestSchema>;
  countTowardSchedule: boolean;
}
export interface DeckCardsArgs {
  deckId: string;
  search?: string | undefined;
  state?: (typeof cardStateNames)[number] | 'suspended' | 'all' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}
export interface StatsArgs {
  scope: { deckId?: string | undefined; serviceType?: (typeof serviceTypes)[number] | undefined };
  period: (typeof statsPeriods)[number];
}
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
  code: string;
  message: string;
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** What the preload exposes on `window.demarc`: one function per method. */
export type DemarcBridge = { [M in ApiMethodName]: (args: ApiArgs<M>) => Promise<Envelope<ApiResult<M>>> };
