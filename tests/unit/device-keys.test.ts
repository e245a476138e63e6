// Device keys are made from 32 random bytes wrapped as PKCS#8 (device-keys.ts
// says why not generateKeyPairSync): the key is the Ed25519 key of RFC 8032,
// signs and verifies, and two are never the same.
import { describe, expect, it } from 'vitest';
import { deviceKeyFromSeed, makeDeviceKey, signText, verifyText } from '../../electron/core/sync/device-keys.js';

describe('device keys', () => {
  it('are the Ed25519 keys of their 32 bytes: RFC 8032 test 1 gives its public key and signature', () => {
    const key = deviceKeyFromSeed(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
    expect(Buffer.from(key.publicKey, 'base64url').toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(Buffer.from(signText(key, ''), 'base64url').toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });

  it('sign what another key does not verify, and are new each time', () => {
    const a = makeDeviceKey();
    const b = makeDeviceKey();
    expect(a.publicKey).not.toBe(b.publicKey);
    const signature = signText(a, 'header line');
    expect(verifyText(a.publicKey, 'header line', signature)).toBe(true);
    expect(verifyText(b.publicKey, 'header line', signature)).toBe(false);
    expect(verifyText(a.publicKey, 'header line.', signature)).toBe(false);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => deviceKeyFromSeed(Buffer.alloc(31))).toThrow(/32 bytes/);
  });
});
