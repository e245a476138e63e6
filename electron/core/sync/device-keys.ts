import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { SyncStore } from './sync-store.js';

/*
 * Device keys. Every device signs the files it writes into the folder with
 * an Ed25519 key of its own, made with its device id and kept in its
 * collection (sync_state; it never travels). The others pin a device's public
 * key the first time they read a valid file of it and from then on read that
 * device's files only when that key signed them; every event in a file must
 * name the device that signed it. So no device can write as another, and a
 * file copied into another device's folder is not read. (Trust on first
 * use: see SECURITY.md for what this does not stop.)
 */

/** A public key as a file carries it: the raw 32 bytes, base64url. */
export type PublicKeyText = string;

export interface DeviceKey {
  privateKey: KeyObject;
  publicKey: PublicKeyText;
}

const ownKeyName = 'signingKey';
const pinPrefix = 'pin:';

const retiredKeyPrefix = 'retiredKey:';

/** This device's key, made on first use. */
export function ownDeviceKey(store: SyncStore): DeviceKey {
  const stored = store.get(ownKeyName);
  if (stored) return storedKey(stored);
  return newDeviceKey(store);
}

function storedKey(stored: string): DeviceKey {
  const privateKey = createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: publicKeyText(createPublicKey(privateKey)) };
}

/**
 * Before this device takes a new id (another installation writes under the
 * current one), its key is kept under the old id: only to write again, in
 * the old folder, the old id's files that other devices report they could
 * not read (file-repair.ts). Nothing new is ever signed with it.
 */
export function retireOwnKey(store: SyncStore): void {
  const stored = store.get(ownKeyName);
  if (stored) store.set(retiredKeyPrefix + store.deviceId(), stored);
}

/** The keys of this device's earlier ids, with those ids. */
export function retiredKeys(store: SyncStore): { device: string; key: DeviceKey }[] {
  return store.withPrefix(retiredKeyPrefix).map(({ key, value }) => ({ device: key.slice(retiredKeyPrefix.length), key: storedKey(value) }));
}

/** A new key (with a new device id: a copied collection must not sign as the original). */
export function newDeviceKey(store: SyncStore): DeviceKey {
  const key = makeDeviceKey();
  store.set(ownKeyName, key.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
  store.set(pinPrefix + store.deviceId(), key.publicKey);
  return key;
}

/** The PKCS#8 DER header of an Ed25519 private key (RFC 8410 section 7), before its 32 bytes. */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A fresh key pair, kept nowhere: 32 random bytes as the private key (RFC 8032), wrapped
 * in its PKCS#8 form (RFC 8410), which Node reads as it reads a stored key.
 * Not through generateKeyPairSync: in Node 20 a garbage collection during the
 * export of a key that call made, while the call's own job object is still
 * alive, can deadlock the thread (its destructor waits on a lock the export
 * holds). The sync property test hung there once in several thousand
 * schedules (a stack taken with gdb showed it).
 */
export function makeDeviceKey(): DeviceKey {
  return deviceKeyFromSeed(randomBytes(32));
}

/** The Ed25519 key whose private key is these 32 bytes. */
export function deviceKeyFromSeed(seed: Buffer): DeviceKey {
  if (seed.length !== 32) throw new Error('an Ed25519 private key is 32 bytes');
  return storedKey(Buffer.concat([ed25519Pkcs8Prefix, seed]).toString('base64'));
}

export function signText(key: DeviceKey, text: string): string {
  return sign(null, Buffer.from(text), key.privateKey).toString('base64url');
}

/** Whether `signature` is `publicKey`'s over `text`; false for anything malformed. */
export function verifyText(publicKey: PublicKeyText, text: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function publicKeyText(key: KeyObject): PublicKeyText {
  const x = key.export({ format: 'jwk' }).x;
  if (!x) throw new Error('an Ed25519 public key without its bytes');
  return x;
}

/** The keys pinned for other devices: the first valid one seen for each. */
export class PinnedKeys {
  /** Pinned during this round and not yet saved (saved with the merge that read the file). */
  private readonly fresh = new Map<string, PublicKeyText>();

  constructor(private readonly store: SyncStore) {}

  /** The key a device's files must carry, or null if none is pinned yet. */
  pinned(device: string): PublicKeyText | null {
    return this.fresh.get(device) ?? this.store.get(pinPrefix + device);
  }

  /** 'ok' (pinned now or before) or 'other-key' (this device's files were signed by another key first). */
  accept(device: string, key: PublicKeyText): 'ok' | 'other-key' {
    const pinned = this.pinned(device);
    if (pinned === null) {
      this.fresh.set(device, key);
      return 'ok';
    }
    return pinned === key ? 'ok' : 'other-key';
  }

  /** Keeps the keys first seen this round (in the merge's transaction). */
  save(devices: Iterable<string>): void {
    for (const device of devices) {
      const key = this.fresh.get(device);
      if (key === undefined) continue;
      this.store.set(pinPrefix + device, key);
      this.fresh.delete(device);
    }
  }
}
