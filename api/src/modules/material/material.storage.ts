import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where file contents live: disk by default; an object store can replace it behind this port. */
export interface FileStorage {
  write(key: string, content: Readable): Promise<void>;
  read(key: string): Readable;
  remove(key: string): Promise<void>;
}

export class DiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async write(key: string, content: Readable): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(content, createWriteStream(path, { mode: 0o600 }));
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Keys are made by us from ids; refuse anything that could climb out of the root anyway. */
  private path(key: string): string {
    if (!/^[a-z0-9_/]+$/i.test(key) || key.includes('..')) throw new Error('bad storage key');
    return join(this.root, key);
  }
}
