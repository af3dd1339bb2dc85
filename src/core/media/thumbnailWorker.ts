/**
 * The thumbnail worker thread (bundled to dist/thumbnailWorker.js): reads a picture, writes its thumbnail,
 * answers. Decoding a 2048 px grid takes ~100 ms, which on the extension host's own thread would freeze every
 * extension; here it only occupies this thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { makeThumbnail } from './thumbnails';
import type { ThumbJob, ThumbResult } from './thumbnailQueue';

/**
 * On Linux a thread has its own nice value: this one asks for the lowest priority, so on a busy machine (two
 * cores, both taken) the extension host's thread still gets the CPU first. Elsewhere it stays as it is.
 */
function lowerPriority(): void {
  try {
    const tid = Number(/task\/(\d+)$/.exec(fs.readlinkSync('/proc/thread-self'))?.[1]);
    if (tid) os.setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the thread still runs apart from the host's.
  }
}
lowerPriority();

parentPort?.on('message', (job: ThumbJob) => {
  let result: ThumbResult;
  try {
    const thumb = makeThumbnail(fs.readFileSync(job.src), job.max);
    fs.mkdirSync(path.dirname(job.out), { recursive: true });
    // Written whole under another name, then renamed: a reader never sees half a file.
    const tmp = `${job.out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, thumb);
    fs.renameSync(tmp, job.out);
    result = { id: job.id, ok: true };
  } catch (e) {
    result = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(result);
});
