/**
 * Everything the renderer knows of the back end, in one module: the types of
 * the API's arguments and results, and the one value the file picker needs.
 * The renderer imports only this file (`npm run lint` checks it), and only
 * types from it but for that value, so no back-end code reaches the bundle.
 */
export type { ApiArgs, ApiResult, AppInfo, DemarcBridge, Envelope } from './api-contract.js';
export type { ApiMethodName } from './api-method-names.js';
export type { LastEdit, SavedNoteView } from './authoring-contract.js';
export type { DuplicateGroup, DuplicateReport } from '../core/cards/card-duplicates.js';
export type { ReplaceField, ReplaceOutcome, ReplacePreview } from '../core/cards/card-replace.js';
export type { CardSort, SortColumn } from '../core/search/search-sort.js';
export type { BackupInfo } from '../core/backup/backup-list.js';
export type { CardEditorView } from '../core/cards/card-authoring.js';
export type { CardInfo } from '../core/cards/card-tools.js';
export type { ShiftResult } from '../core/cards/card-shifts.js';
export type { ShiftKind, ShiftPlan, ShiftRequest } from '../core/cards/postpone-advance.js';
export type { NoteFields, NoteType } from '../core/cards/note-types.js';
export type { StorageHealth } from '../core/db/background-problems.js';
export type { ErrorCodeValue } from '../core/domain/errors.js';
export type { BasicContent, BrowseColumn, CardContent, CardListItem, ChoiceContent, CramOrder, DeckSummary, ExamReadiness, GradePreview, GradeValue, Owner, ResponsibilityContent, ServiceType, StudyCard, StudySession, TodayView, UndoableAction } from '../core/domain/types.js';
export type { ExamPlan } from '../core/exam/exam-plan.js';
export type { ColumnMapping, ImportOptions, ImportPreview, ImportSummary } from '../core/importing/import-types.js';
export type { LineCell, LineCellCard, LineView } from '../core/line/line-types.js';
export type { OptimizerStatus } from '../core/optimizer/optimizer-types.js';
export type { Preset, PresetConfig } from '../core/presets/preset-schema.js';
export type { Settings } from '../core/settings/settings-schema.js';
export type { SimulatorOutcome, SimulatorStatus, WorkloadPoint } from '../core/simulation/simulator-types.js';
export type { ParametersReport } from '../core/stats/fsrs-parameters-report.js';
export type { HistogramBin, MatrixCell, PassRate, StatsPeriod, StatsReport } from '../core/stats/stats-types.js';
export type { SyncStatus } from '../core/sync/sync-status.js';
export type { OpeningStatus } from '../core/jobs/collection-opening.js';
export type { ExamScope, MasteryHorizon } from '../core/domain/types.js';
export type { CalibrationBin, PracticeCalibration, PracticeGroupResult, PracticeHistoryEntry, PracticeItem, PracticeOverview, PracticeResult, PracticeStart } from '../core/practice/practice-types.js';
export { maxImportFileBytes } from '../core/importing/import-types.js';
