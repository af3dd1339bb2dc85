/**
 * The task archive: finished tasks that fell out of the store's working set (globalState must stay small,
 * VS Code rewrites all of it on every change) live in files under the extension's global storage.
 *
 * Two windows share those files, and VS Code's file API has no append. So the archive never rewrites a
 * file another window may be writing: every `append` or `remove` writes one new, immutable chunk file,
 * and `load` folds the chunks in name order (names start with the time, so later changes win). Many chunks
 * are compacted on load, writing the merged chunks before deleting the ones they replace, so a reader in
 * between sees duplicates (harmless: the fold merges them) rather than a gap.
 *
 * No chunk holds more than CHUNK_RECORDS records (a big append and a compaction write several), and `load`
 * lets the event loop run between files: the extension host reads a 10,000-task archive at start, and one
 * 19 MB chunk froze it for its whole decode and parse (~160 ms) where ten files freeze it for one each.
 */
import type { TaskRecord } from './record';
import { mergeRecords } from './record';

/** Where the store keeps what it moved out of globalState. */
export interface ArchiveStore {
  /**
   * Every archived record (each id once). `isDead`: records deleted for good (tombstones, see taskFiles.ts),
   * left out, and dropped by a compaction, so a stale append of another window can never bring them back.
   */
  load(isDead?: (rec: TaskRecord) => boolean): Promise<TaskRecord[]>;
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
/** More chunks than this (beyond those a compaction would write) are merged on load. */
export const COMPACT_AFTER_CHUNKS = 32;
/** The most records one chunk file holds (about 2 MB of JSON for typical records, ~15 ms to parse). */
export const CHUNK_RECORDS = 1000;

/** An archive of immutable JSON chunk files, safe for two windows writing at once. */
export class ChunkArchive implements ArchiveStore {
  private seq = 0;
  private readonly tag: string;

  constructor(
    private readonly files: ChunkFiles,
    private readonly opts: { now?: () => number; compactAfter?: number; chunkRecords?: number } = {},
  ) {
    this.tag = Math.random().toString(36).slice(2, 8) || 'x';
  }

  async load(isDead?: (rec: TaskRecord) => boolean): Promise<TaskRecord[]> {
    const listed = await this.files.list();
    const names = listed.filter((n) => CHUNK_RE.test(n)).sort();
    const live = new Map<string, TaskRecord>();
    const read: string[] = [];
    const size = this.chunkRecords();
    let oversized = false;
    const readFile = (name: string | undefined) =>
      name === undefined ? undefined : this.files.read(name).catch(() => undefined);
    let next = readFile(names[0]);
    for (const [i, name] of names.entries()) {
      // One chunk's decode and parse at a time, then the event loop runs (the host starts with this);
      // the next file is read meanwhile, so the waits for the bytes do not add up.
      if (i > 0) await nextTurn();
      const text = await next;
      next = readFile(names[i + 1]);
      const chunk = parseChunk(text);
      if (!chunk) continue;
      read.push(name);
      oversized ||= (chunk.records?.length ?? 0) > size;
      for (const id of chunk.removed ?? []) live.delete(id);
      for (const rec of chunk.records ?? []) {
        if (isArchivedRecord(rec)) live.set(rec.task.id, mergeRecords(live.get(rec.task.id), rec) ?? rec);
      }
    }
    const records = [...live.values()].filter((r) => !isDead?.(r));
    const pieces = this.split(records);
    // Beyond the pieces it would write, so an archive of more than 32,000 tasks is not compacted on every load;
    // and once for a chunk too big to parse in one go (older versions wrote the whole archive as one).
    // And when it holds deleted records (a stale append of another window, after the deletion): they go for good.
    const dead = records.length < live.size;
    if (
      oversized ||
      dead ||
      read.length - pieces.length >= (this.opts.compactAfter ?? COMPACT_AFTER_CHUNKS)
    ) {
      const targets = compactedNames(read[read.length - 1]!, pieces.length, new Set(listed));
      if (targets) {
        // Every merged chunk is written before the first replaced one goes: a reader never sees a gap.
        for (const [i, piece] of pieces.entries()) {
          if (i > 0) await nextTurn();
          await this.files.write(targets[i]!, asciiJson({ v: 1, records: piece } satisfies Chunk));
        }
        // In name order, so a reader in between folds a suffix of the old chunks and then the merged ones.
        for (const name of read) await this.files.delete(name).catch(() => undefined);
      }
    }
    return records;
  }

  async append(recs: readonly TaskRecord[]): Promise<void> {
    // In order (each name after the last), so the records fold as one append would.
    if (recs.length) for (const piece of this.split(recs)) await this.write({ v: 1, records: piece });
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.write({ v: 1, removed: [...ids] });
  }

  /** The records in slices of at most chunkRecords; one empty slice for none (a compaction to nothing). */
  private split(recs: readonly TaskRecord[]): TaskRecord[][] {
    const size = this.chunkRecords();
    const pieces: TaskRecord[][] = [];
    for (let i = 0; i < recs.length; i += size) pieces.push(recs.slice(i, i + size));
    return pieces.length ? pieces : [[]];
  }

  private chunkRecords(): number {
    return Math.max(1, this.opts.chunkRecords ?? CHUNK_RECORDS);
  }

  private async write(chunk: Chunk): Promise<void> {
    const time = String(Math.floor((this.opts.now ?? Date.now)())).padStart(15, '0');
    const name = `${time}-${String(this.seq++ % 1e6).padStart(6, '0')}-${this.tag}.json`;
    await this.files.write(name, asciiJson(chunk));
  }
}

/**
 * Names for `count` merged chunks that fold right after `last`, the newest chunk they replace, so chunks
 * written later still fold after them: `last`'s time and sequence, and a tag that sorts after `last`'s
 * (its own tag plus a piece number, or for a merged `…~c` chunk the tag counted up by one), so names still
 * match CHUNK_RE and older versions fold them. A single piece of a plain chunk keeps the old `<last>~c.json`.
 * Undefined when no such names are free (the tag is too long): the chunks then simply stay as they are.
 */
export function compactedNames(
  last: string,
  count: number,
  taken: ReadonlySet<string>,
): string[] | undefined {
  const m = /^(\d{15}-\d{6}-)([a-z0-9]{1,8})(~c)?\.json$/.exec(last);
  if (!m) return undefined;
  const [, head, tag, merged] = m as unknown as [string, string, string, string | undefined];
  let width = 0;
  while (36 ** width < count) width++;
  let prefix: string | undefined = tag;
  // `<tag><more>` sorts before `<tag>~c`: after a merged chunk (or a tag too long to extend) count it up.
  if (merged || tag.length + width > 8) {
    let i = tag.length - 1;
    while (i >= 0 && tag[i] === 'z') i--;
    prefix =
      i < 0
        ? undefined
        : tag.slice(0, i) + (tag[i] === '9' ? 'a' : String.fromCharCode(tag.charCodeAt(i) + 1));
  }
  if (prefix === undefined || prefix.length + width > 8) return undefined;
  const names = Array.from(
    { length: count },
    (_, k) => `${head}${prefix}${width ? k.toString(36).padStart(width, '0') : ''}~c.json`,
  );
  return names.every((n) => n > last && CHUNK_RE.test(n) && !taken.has(n)) ? names : undefined;
}

/** Lets the event loop run (setImmediate where there is one: Node's 1 ms setTimeout floor adds up). */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((r) => (immediate ? immediate(r) : setTimeout(r, 0)));
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
