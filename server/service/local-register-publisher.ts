/**
 * The `RegisterPublisher` for the embedded store: the month's register is kept in a folder beside
 * the database (`data/registers/`), and people open it from the tab's Service duties view, which
 * downloads it through the API as whoever is signed in (a plain link would carry no sign-in).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishedRegister, RegisterPublisher } from '../../core';

export class LocalRegisterPublisher implements RegisterPublisher {
  constructor(
    private readonly folder: string,
    /** The tab's address for the Service duties view. */
    private readonly viewUrl: string,
  ) {}

  async publish(file: { name: string; content: Uint8Array }): Promise<PublishedRegister> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    // Written aside and renamed into place: a reader never sees half a workbook.
    const path = join(this.folder, safeName(file.name));
    await writeFile(`${path}.partial`, file.content, { mode: 0o600 });
    await rename(`${path}.partial`, path);
    return { url: this.viewUrl };
  }

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.folder, safeName(name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Only the register's own names (`case-register-2026-12.xlsx`): never a path. */
function safeName(name: string): string {
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.'))
    throw new Error(`not a register file name: ${name}`);
  return name;
}
