/**
 * The audit trail's sealing key: from configuration (Key Vault in Azure), or locally a file of
 * 32 random bytes beside the data folder, made on first start (0600) and read thereafter. It is
 * never written to the store: whoever can change the store cannot re-seal what they changed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditConfig } from '../config';
import { sealKeyOf, type SealKey } from '../store/audit-chain';

export function loadSealKey(config: AuditConfig['sealKey']): SealKey {
  return existingSealKey(config) ?? makeKeyFile((config as { file: string }).file);
}

/** A new key file of 32 random bytes, or the one another process made at the same moment. */
function makeKeyFile(file: string): SealKey {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': of two processes starting at once, one makes the key and the other reads it.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return sealKeyOf(readKeyFile(file));
}

function readKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32)
    throw new Error(`the seal key in ${file} is shorter than 32 bytes: it was not made by the app`);
  return key;
}

/** The key if there is one: for checking, which must never make one. */
export function existingSealKey(config: AuditConfig['sealKey']): SealKey | undefined {
  if ('base64' in config) return sealKeyOf(Buffer.from(config.base64, 'base64'));
  try {
    return sealKeyOf(readKeyFile(config.file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
