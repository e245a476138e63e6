/** The part of Electron's `app` the single-instance rule needs (so it is testable under plain Node). */
export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/**
 * Runs `start` in the first instance only. A second instance exits at once,
 * before it opens the collection or a window (`app.quit()` alone would let
 * start-up code run on); Electron tells the first one, which brings its window
 * forward. Returns whether this process is the first instance.
 */
export function runAsSingleInstance(app: InstanceApp, start: () => Promise<void>, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return false;
  }
  app.on('second-instance', onSecondInstance);
  void start();
  return true;
}
