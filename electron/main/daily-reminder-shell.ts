import { app, Notification } from 'electron';
import type { Collection } from '../core/collection.js';
import { checkReminder } from '../core/upkeep/reminder-check.js';

/** How often the main process asks the core whether to remind: the decision is the core's (upkeep/daily-reminder.ts). */
const checkEveryMs = 60_000;

/**
 * The daily reminder's desktop side, kept thin: once a minute it asks the
 * core, shows the one notification the core decides on (a click brings the
 * window forward) and puts the due count on the dock or taskbar badge
 * (macOS, and Linux launchers that read it; elsewhere setBadgeCount does
 * nothing). A failure here is logged and never reaches the learner's work.
 */
export function startDailyReminder(collection: () => Collection, onClick: () => void): () => void {
  let shownBadge = -1;
  const tick = () => {
    try {
      const decision = checkReminder(collection());
      if (decision.badge !== shownBadge) {
        app.setBadgeCount(decision.badge);
        shownBadge = decision.badge;
      }
      if (decision.notify && Notification.isSupported()) {
        const note = new Notification({ title: decision.title, body: decision.body });
        note.on('click', onClick);
        note.show();
      }
    } catch (error) {
      console.error('Daily reminder:', error);
    }
  };
  tick();
  const timer = setInterval(tick, checkEveryMs);
  return () => clearInterval(timer);
}
