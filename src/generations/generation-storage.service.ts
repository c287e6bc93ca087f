import { Inject, Injectable } from '@nestjs/common';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export interface StoredContent {
  bytes: number;
}

/**
 * Media the gateway keeps for generations whose provider hands over bytes
 * (speech, Venice music): `<data dir>/generations/<id>-<index>`, written to a
 * temporary name and renamed so a crash never leaves a half file behind.
 * Instances that share jobs must share this directory.
 */
@Injectable()
export class GenerationStorage {
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = resolve(join(config.dataDir, 'generations'));
  }

  async write(id: string, index: number, content: Readable | AsyncIterable<Uint8Array>): Promise<StoredContent> {
    mkdirSync(this.dir, { recursive: true });
    const path = this.path(id, index);
    const partial = `${path}.${process.pid}.partial`;
    await pipeline(content, createWriteStream(partial));
    renameSync(partial, path);
    return { bytes: statSync(path).size };
  }

  /** The stored bytes, or undefined when this instance has none. */
  open(id: string, index: number): { stream: Readable; bytes: number } | undefined {
    const path = this.path(id, index);
    if (!existsSync(path)) return undefined;
    return { stream: createReadStream(path), bytes: statSync(path).size };
  }

  private path(id: string, index: number): string {
    // Generation ids are gateway-made (gen_<uuid>); the check keeps any other string out of the path.
    if (!/^gen_[\w-]+$/.test(id) || !Number.isInteger(index) || index < 0) throw new Error(`invalid content reference ${id}/${index}`);
    return join(this.dir, `${id}-${index}`);
  }
}
