// How much one sync round reads: bounds shared by the merge and the notices that explain them.

/** At most this many events are held in memory and merged in one transaction; a longer history takes several. */
export const eventsPerBatch = 500_000;
/** And at most this many bytes of change files read for one batch. */
export const bytesPerBatch = 256 * 1024 * 1024;
/**
 * One round reads at most this much (about two million answers); the files
 * left are read by the next round, which the app starts at once. So a folder
 * flooded with files costs rounds of bounded length, never one without end.
 */
export const eventsPerRound = 4 * eventsPerBatch;
export const bytesPerRound = 4 * bytesPerBatch;
