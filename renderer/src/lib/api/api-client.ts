import type { ApiArgs, ApiResult, DemarcBridge, Envelope } from '../../../../electron/api/wire-types';
import type { ApiMethodName } from '../../../../electron/api/wire-types';
import type { ErrorCodeValue } from '../../../../electron/api/wire-types';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    demarc?: DemarcBridge;
  }
}

/** A failed API call, with the back end's typed error code. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Transport = (method: ApiMethodName, args: unknown) => Promise<Envelope<unknown>>;

function ipcTransport(bridge: DemarcBridge): Transport {
  return (method, args) => (bridge[method] as (a: unknown) => Promise<Envelope<unknown>>)(args);
}

/** Web mode: the session cookie this browser got from the printed address goes with every call (same origin only). */
function httpTransport(): Transport {
  return async (method, args) => {
    const response = await fetch(`./api/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
    if (response.status === 403) {
      return { ok: false, error: { code: 'BACK_END_UNREACHABLE', message: 'This browser is not admitted to this web mode (it was restarted?): open the address it printed.' } };
    }
    if (!response.ok) return { ok: false, error: { code: 'BACK_END_UNREACHABLE', message: `Demarc's back end answered ${response.status}.` } };
    return (await response.json()) as Envelope<unknown>;
  };
}

const transport: Transport = window.demarc ? ipcTransport(window.demarc) : httpTransport();

/** Calls one method of the API contract over whichever transport this window has. */
export async function call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const envelope = await transport(method, args);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
  return envelope.value as ApiResult<M>;
}
