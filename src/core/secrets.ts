// SIP passwords at rest: AES-256-GCM with a random IV, bound to the owning record's id (AAD),
// so a sealed value copied onto another carrier does not open.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

export interface Secrets {
  seal(plain: string, boundTo: string): string;
  open(envelope: string, boundTo: string): string;
  /** A keyed fingerprint of a secret (HMAC, 16 hex): tells whether it changed without revealing it. */
  fingerprint(plain: string, boundTo: string): string;
}

export function createSecrets(key: Buffer): Secrets {
  if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  return {
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
    },
    open(envelope, boundTo) {
      const [version, iv, tag, ct] = envelope.split('.');
      if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('unrecognised secret envelope');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
    },
    fingerprint(plain, boundTo) {
      return createHmac('sha256', key).update(`fingerprint\0${boundTo}\0${plain}`).digest('hex').slice(0, 16);
    },
  };
}

/**
 * The key for the embedded database when none is configured: read from DATA_DIR/secret.key,
 * or generated there (mode 0600) on first start.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; created: boolean; path: string } {
  const path = join(dataDir, 'secret.key');
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; restore it or set TRUNKOPS_SECRET_KEY`);
    return { key, created: false, path };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, created: true, path };
}

export const MASK = '••••••••';
