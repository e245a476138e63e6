import { contextBridge, ipcRenderer } from 'electron';
import { apiMethodNames } from '../api/api-method-names.js';

/**
 * Runs sandboxed, before the page. Exposes exactly one function per API
 * method on `window.demarc`, never ipcRenderer itself.
 */
const bridge: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const name of apiMethodNames) {
  bridge[name] = (args: unknown) => ipcRenderer.invoke('demarc:api', name, args);
}
contextBridge.exposeInMainWorld('demarc', Object.freeze(bridge));
