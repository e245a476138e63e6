import { DemarcError, ErrorCode, isDemarcError } from '../core/domain/errors.js';
import { apiContract, type ApiArgs, type ApiResult, type Envelope } from './api-contract.js';
import type { ApiMethodName } from './api-method-names.js';
import { describeIssue } from '../core/domain/validation-messages.js';

export type ApiHandlers = { [M in ApiMethodName]: (args: ApiArgs<M>) => ApiResult<M> | Promise<ApiResult<M>> };

export interface Dispatcher {
  dispatch(method: unknown, args: unknown): Promise<Envelope<unknown>>;
}

/**
 * The single entry both transports call. It accepts anything (the caller is
 * untrusted), checks the method name and validates the argument against the
 * contract before a handler runs, and turns every failure into a typed
 * error envelope: nothing throws past it.
 */
export function createDispatcher(handlers: ApiHandlers, onInternalError: (error: unknown) => void = () => {}): Dispatcher {
  return {
    async dispatch(method, args) {
      try {
        if (typeof method !== 'string' || !Object.hasOwn(apiContract, method)) {
          throw new DemarcError(ErrorCode.unknownMethod, `Unknown method ${describeValue(method)}.`);
        }
        const name = method as ApiMethodName;
        const parsed = apiContract[name].args.safeParse(args === undefined ? {} : args);
        if (!parsed.success) {
          throw new DemarcError(ErrorCode.invalidArgument, describeIssue(parsed.error.issues[0]));
        }
        const handler = handlers[name] as (a: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value: value === undefined ? null : value };
      } catch (error) {
        if (isDemarcError(error)) return { ok: false, error: { code: error.code, message: error.message } };
        onInternalError(error);
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: ErrorCode.internal, message: `Something went wrong inside Demarc: ${message.slice(0, 500)}` } };
      }
    },
  };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 80));
  return typeof value;
}
