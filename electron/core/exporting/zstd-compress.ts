import { compress, init } from '@bokuweb/zstd-wasm';

let ready: Promise<void> | null = null;
let loaded = false;

/** Loads the WebAssembly compressor once (it is read from node_modules on first use, not when the app starts). */
export function zstdReady(): Promise<void> {
  ready ??= init().then(() => {
    loaded = true;
  });
  return ready;
}

/** One zstd frame at Anki's level (its encoder's default, 3); `zstdReady()` must have resolved. */
export function zstdCompress(data: Uint8Array): Uint8Array {
  if (!loaded) throw new Error('the zstd compressor is not loaded yet');
  return compress(data, 3);
}
