/**
 * Archive files: one per UTC day of runs, gzip NDJSON. Each write appends one gzip member (gunzip reads a file of
 * several members as one stream) and is flushed to disk before the clean-up deletes what it holds, so a run is
 * never deleted before it is archived. After a clean-up that stopped half-way a run may be written twice: the ids
 * tell the copies apart.
 */
import fs from 'fs/promises';
import path from 'path';
import { promisify } from 'util';
import { gzip } from 'zlib';
import { archiveFileName } from './plan';

const compress = promisify(gzip);

export function createArchiveWriter(folder: string) {
  const written = new Set<string>();
  let ready: Promise<unknown> | null = null;

  return {
    /** Appends the lines to the file of that day. */
    async append(day: string, lines: string[]): Promise<void> {
      if (lines.length === 0) return;
      ready ??= fs.mkdir(folder, { recursive: true });
      await ready;
      const name = archiveFileName(day);
      // compressed on libuv's threads: the event loop (and the syncs beside the clean-up) keep going
      const member = await compress(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
      const file = await fs.open(path.join(folder, name), 'a');
      try {
        await file.write(member);
        await file.sync();
      } finally {
        await file.close();
      }
      written.add(name);
    },

    /** Names of the files written to, sorted. */
    files(): string[] {
      return [...written].sort();
    },
  };
}

export type ArchiveWriter = ReturnType<typeof createArchiveWriter>;
