// The tablet PIN's key-encryption key: scrypt (@noble/hashes), memory-hard, so a guess costs
// memory as well as time. N = 2^15, r = 8, p = 1 uses 32 MiB and takes about 0.5 s in Chromium on
// this 2-core server and 1 to 2 s on an entry tablet (docs/device-encryption.md has the figures).
// The parameters are stored beside each wrapped key, so they can be raised for new PINs later.
import { scryptAsync } from '@noble/hashes/scrypt.js';

export const SCRYPT = Object.freeze({ name: 'scrypt', N: 2 ** 15, r: 8, p: 1, dkLen: 32 });

/** The 32 raw bytes derived from the PIN (NFC) and the salt with `params`. */
export function derive(pin, salt, params = SCRYPT) {
  const { N, r, p, dkLen } = params;
  return scryptAsync(String(pin).normalize('NFC'), salt, { N, r, p, dkLen: dkLen || 32, asyncTick: 20 });
}
