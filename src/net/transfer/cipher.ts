// AES-256-GCM per DATA frame with a per-transfer key: scrypt(password, salt) for 8–20 character passwords, or
// HKDF-SHA256(64-hex strong key, salt). Our own design (research §6.2 [D]); keys are never logged or sent.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';

const TAG = 16;
const INFO = Buffer.from('kumo-mft aes-256-gcm v1');
const STRONG_KEY = /^[0-9a-fA-F]{64}$/;

export interface CipherParams {
  /** base64 salt, 16 random bytes per transfer attempt. */
  salt: string;
  /** base64 key check: GCM tag over an empty message with nonce 0, so the receiver can reject a wrong key up front. */
  check: string;
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

export function deriveKey(password: string, salt: Buffer): Buffer {
  if (STRONG_KEY.test(password)) {
    return Buffer.from(hkdfSync('sha256', Buffer.from(password, 'hex'), salt, INFO, 32));
  }
  return scryptSync(password, salt, 32, { N: 1 << 14, r: 8, p: 1 });
}

function nonce(seq: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeUInt32BE(Math.floor(seq / 0x100000000), 4);
  n.writeUInt32BE(seq >>> 0, 8);
  return n;
}

/** Encrypts one block; `seq` is the frame's sequence number within the attempt (≥ 1; 0 is the key check). */
export function sealBlock(key: Buffer, seq: number, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce(seq));
  const body = c.update(plain);
  c.final();
  return Buffer.concat([body, c.getAuthTag()]);
}

/** Decrypts one block; throws when the tag does not authenticate (wrong key or tampered frame). */
export function openBlock(key: Buffer, seq: number, sealed: Buffer): Buffer {
  if (sealed.length < TAG) throw new Error('sealed block shorter than its tag');
  const d = createDecipheriv('aes-256-gcm', key, nonce(seq));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  const body = d.update(sealed.subarray(0, sealed.length - TAG));
  d.final();
  return body;
}

export function makeParams(key: Buffer, salt: Buffer): CipherParams {
  return { salt: salt.toString('base64'), check: sealBlock(key, 0, Buffer.alloc(0)).toString('base64') };
}

export function checkKey(key: Buffer, params: CipherParams): boolean {
  try {
    openBlock(key, 0, Buffer.from(params.check, 'base64'));
    return true;
  } catch {
    return false;
  }
}
