/**
 * The task archive: finished tasks that fell out of the store's working set (globalState must stay small,
 * VS Code rewrites all of it on every change) live in files under the extension's global storage.
 *
 * Two windows share those files, and VS Code's file API has no append. So the archive never rewrites a
 * file another window may be writing: every `append` or `remove` writes one new, immutable chunk file,
 * and `load` folds the chunks in name order (names start with the time, so later changes win). Many chunks
 * are compacted into one on load, writing the merged chunk before deleting the ones it replaces, so a
 * reader in between sees duplicates (harmless: the fold merges them) rather than a gap.
 */
import type { TaskRecord } from './record';
import { mergeRecords } from './record';

/** Where the store keeps what it moved out of globalState. */
export interface ArchiveStore {
  /** Every archived record (each id once). */
  load(): Promise<TaskRecord[]>;
  /** Adds or replaces records. */
  append(recs: readonly TaskRecord[]): Promise<void>;
  /** Forgets records (the user deleted them, or they moved back to the working set). */
  remove(ids: readonly string[]): Promise<void>;
}

/** The few file operations the chunk archive needs, over one directory (host: vscode.workspace.fs). */
export interface ChunkFiles {
  /** File names in the directory; empty when it does not exist yet. */
  list(): Promise<string[]>;
  /** The file's text, or undefined when it is gone (another window compacted it). */
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
  delete(name: string): Promise<void>;
}

interface Chunk {
  v: 1;
  records?: TaskRecord[];
  removed?: string[];
}

const CHUNK_RE = /^\d{15}-\d{6}-[a-z0-9]{1,8}(~c)?\.json$/;
/** More chunks than this are merged into one on load. */
export const COMPACT_AFTER_CHUNKS = 32;

/** An archive of immutable JSON chunk files, safe for two windows writing at once. */
export class ChunkArchive implements ArchiveStore {
  private seq = 0;
  private readonly tag: string;

  constructor(
    private readonly files: ChunkFiles,
    private readonly opts: { now?: () => number; compactAfter?: number } = {},
  ) {
    this.tag = Math.random().toString(36).slice(2, 8) || 'x';
  }

  async load(): Promise<TaskRecord[]> {
    const names = (await this.files.list()).filter((n) => CHUNK_RE.test(n)).sort();
    const live = new Map<string, TaskRecord>();
    const read: string[] = [];
    for (const name of names) {
      const chunk = parseChunk(await this.files.read(name).catch(() => undefined));
      if (!chunk) continue;
      read.push(name);
      for (const id of chunk.removed ?? []) live.delete(id);
      for (const rec of chunk.records ?? []) {
        if (isArchivedRecord(rec)) live.set(rec.task.id, mergeRecords(live.get(rec.task.id), rec) ?? rec);
      }
    }
    const records = [...live.values()];
    if (read.length > (this.opts.compactAfter ?? COMPACT_AFTER_CHUNKS)) {
      // Named right after the newest chunk it replaces, so chunks written later still fold after it.
      const last = read[read.length - 1]!.replace(/(~c)?\.json$/, '');
      await this.files.write(`${last}~c.json`, asciiJson({ v: 1, records } satisfies Chunk));
      for (const name of read) await this.files.delete(name).catch(() => undefined);
    }
    return records;
  }

  async append(recs: readonly TaskRecord[]): Promise<void> {
    if (recs.length) await this.write({ v: 1, records: [...recs] });
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.write({ v: 1, removed: [...ids] });
  }

  private async write(chunk: Chunk): Promise<void> {
    const time = String(Math.floor((this.opts.now ?? Date.now)())).padStart(15, '0');
    const name = `${time}-${String(this.seq++ % 1e6).padStart(6, '0')}-${this.tag}.json`;
    await this.files.write(name, asciiJson(chunk));
  }
}

/**
 * JSON with every non-ASCII character as a `\uXXXX` escape (the same JSON to any reader, older versions
 * included). The host decodes a chunk's bytes and JSON.parse reads the text on the extension host's thread at
 * start: one emoji in a button label made the whole 19 MB of a 10,000-task archive a two-byte string, and
 * decoding it took about 80 ms longer in Node 20 (30 ms in Node 24) than the same chunk in ASCII.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function parseChunk(text: string | undefined): Chunk | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Chunk;
    return typeof v === 'object' && v !== null && v.v === 1 ? v : undefined;
  } catch {
    // A half-written or foreign file: skip it rather than lose the whole history.
    return undefined;
  }
}

function isArchivedRecord(v: unknown): v is TaskRecord {
  const r = v as TaskRecord;
  return typeof r === 'object' && r !== null && typeof r.task === 'object' && typeof r.task?.id === 'string';
}
