import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A small real tmpfs (a full disk on demand), mounted for one test file; needs root, as in CI. */
export interface SmallDisk {
  dir: string;
  /** Fill every free byte with a filler file, then give `freeBytes` back (page-rounded by tmpfs). */
  fill(freeBytes?: number): Promise<void>;
  /** Delete the filler. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mount a tmpfs of `sizeKb`; null when this user may not mount (the calling test says so and is skipped). */
export async function mountSmallDisk(sizeKb: number): Promise<SmallDisk | null> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  const filler = path.join(dir, '.filler');
  return {
    dir,
    async fill(freeBytes = 0) {
      const handle = await open(filler, 'a');
      const block = Buffer.alloc(4096, 0x78);
      try {
        for (;;) await handle.write(block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        await handle.close();
      }
      if (freeBytes > 0) {
        const { size } = await (await import('node:fs/promises')).stat(filler);
        await truncate(filler, Math.max(0, size - freeBytes));
      }
    },
    async free() {
      await rm(filler, { force: true });
    },
    async unmount() {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
