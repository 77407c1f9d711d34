/**
 * The data folder holds the database, emails and registers: case data, for the server's account
 * alone. At start-up it is made private (0700) with everything already in it (files 0600,
 * folders 0700) — a folder made by an earlier version, or copied in, is brought into line — and
 * what the server writes there later is made private as it is written.
 */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function securePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) securePrivateFolder(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
