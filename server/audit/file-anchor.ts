/**
 * Anchors in an append-only file beside the data folder (local mode): one JSON line a head,
 * written with O_APPEND and flushed to disk before `anchor` resolves. The file is the server's
 * alone (0600); copy it elsewhere (or onto write-once storage) for anchors nobody on this machine
 * can rewrite either.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuditAnchor, ChainHead } from '../../core';

export class FileAuditAnchor implements AuditAnchor {
  readonly where: string;

  constructor(private readonly path: string) {
    this.where = `the file ${resolve(path)}`;
  }

  anchor(head: ChainHead): Promise<void> {
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ seq: head.seq, seal: head.seal, at: head.at })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return Promise.resolve();
  }

  heads(): Promise<ChainHead[]> {
    if (!existsSync(this.path)) return Promise.resolve([]);
    const heads: ChainHead[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      heads.push(parseHead(line));
    }
    return Promise.resolve(heads);
  }
}

/** A line as written; anything else means the file was tampered with, which is reported. */
export function parseHead(line: string): ChainHead {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error('an anchor line is not JSON (the anchor file was edited)');
  }
  const h = value as Partial<ChainHead>;
  if (
    typeof h.seq !== 'number' ||
    !Number.isInteger(h.seq) ||
    typeof h.seal !== 'string' ||
    typeof h.at !== 'string'
  )
    throw new Error('an anchor line lacks seq, seal or at (the anchor file was edited)');
  return { seq: h.seq, seal: h.seal, at: h.at };
}
