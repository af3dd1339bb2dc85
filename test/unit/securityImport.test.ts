/** Issue 16: Import History trusts nothing in the folder it reads. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildHistoryExport,
  HistoryFileError,
  importFollowUp,
  MAX_BUTTONS,
  MAX_URL,
  parseHistoryFile,
  STALE_IMPORT_MS,
} from '../../src/core/history/historyFile';
import {
  importedMediaName,
  MAX_IMPORT_IMAGE_BYTES,
  mayReadImported,
} from '../../src/core/history/importMedia';
import type { TaskRecord } from '../../src/core/tasks/store';
import { mkTask } from './storeFixtures';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const pad = (b: Uint8Array): Uint8Array => new Uint8Array([...b, ...new Array<number>(32).fill(0)]);

const REAL = {
  png: pad(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: pad(bytes([0xff, 0xd8, 0xff, 0xe0])),
  webp: pad(bytes('RIFF', [1, 0, 0, 0], 'WEBPVP8 ')),
  gif: pad(bytes('GIF89a')),
  mp4: pad(bytes([0, 0, 0, 0x18], 'ftypmp42')),
  webm: pad(bytes([0x1a, 0x45, 0xdf, 0xa3])),
};
const FAKE: Record<string, Uint8Array> = {
  'ssh key': bytes('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n'),
  'zeros (/dev/zero)': new Uint8Array(64),
  empty: new Uint8Array(0),
  'html named .png': bytes('<!doctype html><script>alert(1)</script>'),
  svg: bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  'ELF binary': pad(bytes([0x7f], 'ELF')),
  'WEBP without RIFF': pad(bytes('XXXX', [1, 0, 0, 0], 'WEBP')),
  'PNG cut short': bytes([0x89, 0x50, 0x4e]),
  'shell script': bytes('#!/bin/sh\nrm -rf ~\n'),
  zip: pad(bytes('PK', [3, 4])),
  pdf: pad(bytes('%PDF-1.7')),
  json: bytes('{"format":"midjourney-studio-history"}'),
};

describe('security: Import History copies only real pictures and clips', () => {
  it('accepts each real type and names the copy by the bytes, never by the name', () => {
    const seen: string[] = [];
    for (const [ext, b] of Object.entries(REAL)) {
      const kind = ext === 'mp4' || ext === 'webm' ? 'video' : 'image';
      for (const name of ['images/x.png', 'images/x.exe', 'images/noext', 'images/.bashrc']) {
        const out = importedMediaName(name, b, kind) ?? '';
        assert.ok(out?.endsWith(`.${ext}`), `${name} holding ${ext} → ${out}`);
        assert.ok(!out.startsWith('.'));
        seen.push(out);
      }
    }
    assert.equal(importedMediaName('images/a.png', REAL.mp4, 'image'), undefined, 'a clip is no picture');
    assert.equal(importedMediaName('images/a.webm', REAL.png, 'video'), undefined, 'a picture is no clip');
    console.log(`      ${seen.length} real files named by their type`);
  });

  it('refuses every file whose bytes are not a picture or clip', () => {
    let n = 0;
    for (const [what, b] of Object.entries(FAKE)) {
      for (const kind of ['image', 'video'] as const) {
        assert.equal(importedMediaName('images/x.png', b, kind), undefined, `${what} as ${kind}`);
        n++;
      }
    }
    const huge = new Uint8Array(MAX_IMPORT_IMAGE_BYTES + 1);
    huge.set(REAL.png);
    assert.equal(importedMediaName('images/x.png', huge, 'image'), undefined, 'over the cap');
    console.log(`      ${n + 1} crafted files refused`);
  });

  it('never reads a symlink, a device or an oversized file (lstat, not stat)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-import-'));
    const secret = path.join(dir, 'id_rsa');
    fs.writeFileSync(secret, REAL.png); // even a "picture" behind a symlink is refused
    fs.symlinkSync(secret, path.join(dir, 'x.png'));
    const entry = (p: string) => {
      const st = fs.lstatSync(p);
      return { isSymbolicLink: st.isSymbolicLink(), isFile: st.isFile(), size: st.size };
    };
    assert.equal(mayReadImported(entry(path.join(dir, 'x.png')), 'image'), false, 'symlink');
    assert.equal(mayReadImported(entry('/dev/null'), 'image'), false, 'device');
    assert.equal(mayReadImported(entry(dir), 'image'), false, 'folder');
    assert.equal(mayReadImported(entry(secret), 'image'), true, 'a plain file');
    assert.equal(
      mayReadImported({ isSymbolicLink: false, isFile: true, size: MAX_IMPORT_IMAGE_BYTES + 1 }, 'image'),
      false,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

function docWith(over: (t: Record<string, unknown>, r: Record<string, unknown>) => void): string {
  const rec: TaskRecord = {
    task: mkTask('1', { status: 'SUCCESS', imageUrl: 'https://cdn.example/1.png' }),
    origin: { kind: 'imagine' },
    createdAt: 1000,
    updatedAt: 2000,
  };
  const doc = JSON.parse(
    JSON.stringify(buildHistoryExport([rec], { now: 0, exists: () => false }).document),
  ) as {
    tasks: { task: Record<string, unknown> }[];
  };
  over(doc.tasks[0]!.task, doc.tasks[0] as unknown as Record<string, unknown>);
  return JSON.stringify(doc);
}

describe('security: limits on what an import stores', () => {
  it('refuses too many or too long buttons, too long links, and times past 2^53', () => {
    const button = { customId: 'MJ::JOB::upsample::1::x', label: 'U1', emoji: '', style: 2 };
    const cases: [string, (t: Record<string, unknown>, r: Record<string, unknown>) => void][] = [
      ['buttons', (t) => (t.buttons = new Array(MAX_BUTTONS + 1).fill(button))],
      ['buttons', (t) => (t.buttons = [{ ...button, label: 'x'.repeat(10_000) }])],
      ['buttons', (t) => (t.buttons = [{ ...button, customId: 'x'.repeat(10_000) }])],
      ['imageUrl', (t) => (t.imageUrl = `https://x/${'a'.repeat(MAX_URL)}`)],
      ['imageUrls', (t) => (t.imageUrls = new Array(100).fill('https://x/a.png'))],
      ['videoUrls', (t) => (t.videoUrls = [`https://x/${'a'.repeat(MAX_URL)}`])],
      ['updatedAt', (_t, r) => (r.updatedAt = 2 ** 53)],
      ['updatedAt', (_t, r) => (r.updatedAt = 1e300)],
      ['createdAt', (_t, r) => (r.createdAt = -1)],
    ];
    for (const [field, fn] of cases) {
      assert.throws(
        () => parseHistoryFile(docWith(fn)),
        (e: unknown) => e instanceof HistoryFileError && e.message.includes(field),
        field,
      );
    }
    assert.equal(
      parseHistoryFile(docWith((t) => (t.buttons = [button]))).tasks.length,
      1,
      'a normal one passes',
    );
    console.log(`      ${cases.length} oversized records refused`);
  });

  it('an unfinished imported task older than a day is read once, not polled', () => {
    const now = 10 * STALE_IMPORT_MS;
    const rec = (status: string, age: number): TaskRecord => ({
      task: mkTask('1', { status }),
      origin: { kind: 'imagine' },
      createdAt: now - age,
      updatedAt: now - age,
    });
    assert.equal(importFollowUp(rec('IN_PROGRESS', 60_000), now), 'poll');
    assert.equal(importFollowUp(rec('IN_PROGRESS', STALE_IMPORT_MS + 1), now), 'refreshOnce');
    assert.equal(importFollowUp(rec('SUCCESS', 60_000), now), 'none');
  });
});

describe('security: Export never overwrites', () => {
  it('files already in the target images/ folder keep their names; the copies get free ones', () => {
    const rec: TaskRecord = {
      task: mkTask('1', { status: 'SUCCESS' }),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 2,
      localImage: '/lib/cat.png',
      localVideos: ['/lib/videos/cat-0.webm'],
    };
    const { files, document } = buildHistoryExport([rec], {
      now: 0,
      exists: () => true,
      taken: ['CAT.png', 'cat-0.webm', 'cat-0-2.webm'],
    });
    assert.deepEqual(
      files.map((f) => f.name),
      ['cat-2.png', 'cat-0-3.webm'],
    );
    assert.equal(document.tasks[0]?.localImage, 'images/cat-2.png');
  });

  it('the command refuses a folder that already holds an export and copies without overwrite', () => {
    const src = fs.readFileSync(
      path.join(__dirname, '..', '..', '..', 'src/host/commands/historyFile.ts'),
      'utf8',
    );
    assert.doesNotMatch(src, /overwrite: true/);
    assert.match(src, /if \(await exists\(target\)\)/);
  });
});
