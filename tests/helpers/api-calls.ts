import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { ApiArgs, ApiResult, Envelope } from '../../electron/api/api-contract.js';
import type { ApiMethodName } from '../../electron/api/api-method-names.js';
import type { Collection } from '../../electron/core/collection.js';

/**
 * The API over one collection, through the real dispatcher (validation, error
 * envelopes) as web mode and IPC call it: `call` returns the value or throws
 * with the error's code and message; `refused` expects a refusal and returns it.
 */
export function apiOf(collection: Collection) {
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  async function call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
    const reply = (await dispatcher.dispatch(method, args)) as Envelope<ApiResult<M>>;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value;
  }
  async function refused(method: ApiMethodName, args: unknown): Promise<string> {
    const reply = (await dispatcher.dispatch(method, args)) as Envelope<unknown>;
    if (reply.ok) throw new Error(`${method} was accepted`);
    return `${reply.error.code}: ${reply.error.message}`;
  }
  return { call, refused };
}
