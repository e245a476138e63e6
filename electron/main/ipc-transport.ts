import { ipcMain } from 'electron';
import type { Dispatcher } from '../api/api-dispatcher.js';
import { ErrorCode } from '../core/domain/errors.js';
import { isTrustedSender } from './window-security.js';

export const apiChannel = 'demarc:api';

/** Binds the dispatcher to IPC; calls from any frame but our own app page are refused. */
export function bindIpcTransport(dispatcher: Dispatcher): void {
  ipcMain.handle(apiChannel, (event, method: unknown, args: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: ErrorCode.invalidArgument, message: 'Refused: the call did not come from the Demarc window.' } };
    }
    return dispatcher.dispatch(method, args);
  });
}
