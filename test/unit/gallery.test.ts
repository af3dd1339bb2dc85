/**
 * The gallery's pure parts: the grid model (days, rows, the rows a scroll shows, keyboard moves), the
 * message protocol's validation, the query (the tree's filter plus style references), the style-reference
 * library, thumbnails (real pictures in, real JPEGs out, through the real worker thread) and the HTML's CSP.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { renderGrid } from '../../sim/png';
import { galleryRecords, queryGallery } from '../../src/core/tasks/gallery';
import type { TaskRecord } from '../../src/core/tasks/store';
import { makeThumbnail, shrink, THUMB_MAX } from '../../src/core/media/thumbnails';
import { ThumbnailQueue } from '../../src/core/media/thumbnailQueue';
import { addRef, cleanRefs, promptUsesRef, STYLE_REFS_MAX } from '../../src/core/prompts/styleRefs';
import { galleryHtml } from '../../src/host/gallery/galleryHtml';
import {
  ACT_MAX,
  parseGalleryFilter,
  parseGalleryHostMessage,
  parseGalleryMessage,
  parseGalleryViewState,
  TILE_MAX,
  TILE_MIN,
  type GalleryItem,
} from '../../src/shared/galleryProtocol';
import {
  buildLayout,
  moveFocus,
  rangeIds,
  scrollToCell,
  visibleRange,
} from '../../src/webview/gallery/gridModel';
import { mkTask } from './storeFixtures';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 2, 12);
const utcDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

function item(i: number, over: Partial<GalleryItem> = {}): GalleryItem {
  return {
    id: `t${i}`,
    prompt: `prompt ${i}`,
    action: 'IMAGINE',
    time: T0 - i * 3_600_000,
    grid: true,
    starred: false,
    ...over,
  };
}

function rec(
  id: string,
  over: Partial<TaskRecord> = {},
  task: Parameters<typeof mkTask>[1] = {},
): TaskRecord {
  return {
    task: mkTask(id, {
      status: 'SUCCESS',
      imageUrl: `https://cdn.example/${id}.png`,
      action: 'IMAGINE',
      ...task,
    }),
    origin: { kind: 'imagine' },
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

describe('gallery: grid model', () => {
  const items = Array.from({ length: 100 }, (_, i) => item(i)); // 100 hours: 5 days (UTC)
  const opts = { width: 848, tileSize: 160, split: false, dayOf: utcDay };

  it('groups tiles by day under one header each, newest first, rows of as many columns as fit', () => {
    const l = buildLayout(items, opts);
    assert.equal(l.columns, 5); // (848 + 8) / (160 + 8)
    const days = l.rows.filter((r) => r.kind === 'day');
    assert.deepEqual(
      days.map((d) => d.kind === 'day' && d.day),
      ['2026-12-02', '2026-12-01', '2026-11-30', '2026-11-29', '2026-11-28'],
    );
    // 12:00 back to 00:00 is 13 pictures on the first day.
    assert.equal(days[0]!.kind === 'day' && days[0]!.count, 13);
    // Every cell sits in a tiles row whose range holds it, rows in order without gaps.
    let top = 0;
    for (const r of l.rows) {
      assert.equal(r.top, top);
      top += r.height;
    }
    assert.equal(l.height, top);
    for (let c = 0; c < l.cells.length; c++) {
      const r = l.rows[l.rowOf[c]!]!;
      assert.ok(r.kind === 'tiles' && c >= r.first && c < r.first + r.count);
    }
  });

  it('split shows a grid as its four pictures and an upscale as one', () => {
    const l = buildLayout([item(0), item(1, { grid: false, action: 'UPSCALE' })], { ...opts, split: true });
    assert.deepEqual(
      l.cells.map((c) => `${c.item.id}:${c.quad ?? '-'}`),
      ['t0:0', 't0:1', 't0:2', 't0:3', 't1:-'],
    );
    const day = l.rows[0]!;
    assert.equal(day.kind === 'day' && day.count, 2, 'the header counts pictures, not quadrants');
  });

  it('a scroll position draws at most two screens of rows, from top to bottom of 10,000 pictures', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item(i, { time: T0 - i * 600_000 }));
    const l = buildLayout(many, opts);
    const viewport = 700;
    let most = 0;
    for (let y = 0; y < l.height; y += 97) {
      const { first, last } = visibleRange(l, y, viewport);
      let px = 0;
      let tiles = 0;
      for (let r = first; r < last; r++) {
        px += l.rows[r]!.height;
        const row = l.rows[r]!;
        if (row.kind === 'tiles') tiles += row.count;
      }
      // The drawn rows span the viewport plus half a screen of margin (and at most one partial row each side).
      assert.ok(px <= viewport * 2, `rows drawn at ${y}: ${px} px`);
      assert.ok(
        l.rows[first]!.top <= y &&
          l.rows[last - 1]!.top + l.rows[last - 1]!.height >= Math.min(l.height, y + viewport),
      );
      most = Math.max(most, tiles);
    }
    const screenTiles = Math.ceil(viewport / (l.tile + l.gap)) * l.columns;
    assert.ok(most <= 2 * screenTiles, `${most} tiles at most, a screen holds ${screenTiles}`);
  });

  it('arrow keys move across rows and day headers; Home/End; Shift ranges', () => {
    const l = buildLayout(items.slice(0, 16), opts); // day 1: 13 tiles (rows of 5, 5, 3), day 2: 3
    assert.equal(moveFocus(l, -1, 'ArrowRight'), 0);
    assert.equal(moveFocus(l, 0, 'ArrowLeft'), 0);
    assert.equal(moveFocus(l, 1, 'ArrowDown'), 6);
    assert.equal(moveFocus(l, 9, 'ArrowDown'), 12, 'down into a short row takes its last tile');
    assert.equal(moveFocus(l, 12, 'ArrowDown'), 15, 'down crosses the next day header');
    assert.equal(moveFocus(l, 13, 'ArrowUp'), 10);
    assert.equal(moveFocus(l, 2, 'ArrowUp'), 2, 'nothing above the first row');
    assert.equal(moveFocus(l, 3, 'End'), 15);
    assert.equal(moveFocus(l, 3, 'Home'), 0);
    assert.deepEqual(rangeIds(l, 4, 2), ['t2', 't3', 't4']);
    const y = scrollToCell(l, 15, 0, 200);
    assert.ok(y > 0 && y <= l.rows[l.rowOf[15]!]!.top);
  });
});

describe('gallery: message protocol', () => {
  it('accepts exactly the allowed messages and drops extra fields', () => {
    assert.deepEqual(parseGalleryMessage({ type: 'ready', evil: 1 }), { type: 'ready' });
    assert.deepEqual(parseGalleryMessage({ type: 'act', action: 'star', ids: ['a', 'a', 'b'] }), {
      type: 'act',
      action: 'star',
      ids: ['a', 'b'],
    });
    assert.deepEqual(
      parseGalleryMessage({ type: 'query', seq: 3, filter: { text: 'fox', starred: true, x: 1 } }),
      {
        type: 'query',
        seq: 3,
        filter: { text: 'fox', starred: true },
      },
    );
    assert.deepEqual(parseGalleryMessage({ type: 'preview', id: 'x1' }), { type: 'preview', id: 'x1' });
  });

  it('refuses commands, bad ids, too many tiles and unknown types', () => {
    for (const bad of [
      null,
      [],
      'ready',
      { type: 'run', command: 'workbench.action.terminal.new' },
      { type: 'act', action: 'workbench.action.terminal.new', ids: ['a'] },
      { type: 'act', action: 'delete', ids: [] },
      { type: 'act', action: 'delete', ids: ['../etc/passwd'] },
      { type: 'act', action: 'delete', ids: Array.from({ length: ACT_MAX + 1 }, (_, i) => `t${i}`) },
      { type: 'act', action: 'open', ids: 'a' },
      { type: 'query', seq: -1, filter: {} },
      { type: 'query', seq: 1 },
      { type: 'want', ids: [1] },
      { type: 'preview', id: 'a b' },
    ]) {
      assert.equal(parseGalleryMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a filter keeps only known parts; a view state is clamped; host messages never throw', () => {
    assert.deepEqual(
      parseGalleryFilter({
        statuses: ['done', 'evil'],
        actions: ['IMAGINE', '<b>'],
        withinDays: 7.5,
        sref: 'javascript:alert(1)',
        starred: 'yes',
      }),
      { statuses: ['done'], actions: ['IMAGINE'] },
    );
    assert.deepEqual(parseGalleryFilter({ withinDays: 30, sref: 'https://cdn.example/a.png' }), {
      withinDays: 30,
      sref: 'https://cdn.example/a.png',
    });
    assert.deepEqual(parseGalleryViewState({ tileSize: 9999, scrollTop: -5, split: 1 }), {
      filter: {},
      scrollTop: 0,
      tileSize: TILE_MAX,
      split: false,
    });
    assert.equal(parseGalleryViewState(undefined).tileSize >= TILE_MIN, true);
    const msg = parseGalleryHostMessage({
      type: 'items',
      items: [{ id: 'a', prompt: 3 }, null, { id: '' }],
      actions: [1, 'IMAGINE'],
    });
    assert.deepEqual(msg, {
      type: 'items',
      items: [
        {
          id: 'a',
          prompt: '',
          action: '',
          time: 0,
          grid: false,
          starred: false,
          thumb: undefined,
          quads: undefined,
        },
      ],
      actions: ['IMAGINE'],
      refs: [],
      append: false,
      complete: true,
    });
    assert.equal(parseGalleryHostMessage({ type: 'shown', seq: 'x', ids: [] }), undefined);
  });
});

describe('gallery: query and style references', () => {
  const recs = [
    rec(
      'a',
      { createdAt: T0 - 2 * DAY, starred: true },
      { prompt: 'a red fox --sref https://cdn.example/s.png::2 --v 7', submitTime: T0 - 2 * DAY },
    ),
    rec('b', { createdAt: T0 - DAY }, { prompt: 'a blue fox', action: 'UPSCALE', submitTime: T0 - DAY }),
    rec('c', { createdAt: T0 }, { prompt: 'a lighthouse', submitTime: T0 }),
    rec('d', {}, { status: 'FAILURE', prompt: 'failed fox' }),
    rec('e', {}, { action: 'VIDEO', videoUrl: 'https://cdn.example/v.mp4', prompt: 'video fox' }),
    rec('f', {}, { action: 'DESCRIBE', prompt: 'describe fox' }),
  ];

  it('shows finished pictures only, newest first', () => {
    assert.deepEqual(
      galleryRecords(recs).map((r) => r.task.id),
      ['c', 'b', 'a'],
    );
  });

  it('applies the tree filter (words, action, starred, days) and the style-reference filter', () => {
    const all = galleryRecords(recs);
    const ids = (q: Parameters<typeof queryGallery>[1]) =>
      queryGallery(all, q, T0 + 1000).map((r) => r.task.id);
    assert.deepEqual(ids({ text: 'FOX' }), ['b', 'a']);
    assert.deepEqual(ids({ text: 'red fox' }), ['a']);
    assert.deepEqual(ids({ actions: ['UPSCALE'] }), ['b']);
    assert.deepEqual(ids({ starred: true }), ['a']);
    assert.deepEqual(ids({ withinDays: 1 }), ['c']);
    assert.deepEqual(ids({ withinDays: 2 }), ['c', 'b']);
    assert.deepEqual(ids({ sref: 'https://cdn.example/s.png' }), ['a']);
    assert.deepEqual(ids({ sref: 'https://cdn.example/other.png' }), []);
    assert.deepEqual(ids({ statuses: ['failed'] }), []);
  });

  it('the library keeps valid URLs once each, newest first, at most its size', () => {
    let list = cleanRefs([
      { url: 'javascript:1' },
      { url: 'https://a/x.png', addedAt: 1, label: 'x' },
      'junk',
    ]);
    assert.deepEqual(
      list.map((r) => r.url),
      ['https://a/x.png'],
    );
    list = addRef(list, { url: 'https://a/y.png', label: 'y', addedAt: 2 });
    list = addRef(list, { url: 'https://a/x.png', label: 'x', addedAt: 3 });
    assert.deepEqual(
      list.map((r) => r.url),
      ['https://a/x.png', 'https://a/y.png'],
    );
    for (let i = 0; i < 100; i++)
      list = addRef(list, { url: `https://a/${i}.png`, label: '', addedAt: 10 + i });
    assert.equal(list.length, STYLE_REFS_MAX);
    assert.equal(list[0]!.url, 'https://a/99.png');
    assert.ok(promptUsesRef('x --oref https://a/x.png --ow 100', 'https://a/x.png'));
    assert.ok(promptUsesRef('x --sref 123 https://a/x.png::3', 'https://a/x.png'));
    assert.ok(!promptUsesRef('x https://a/x.png --sref 123', 'https://a/x.png'));
  });
});

describe('gallery: thumbnails', function () {
  this.timeout(30_000);

  it('shrinks a real PNG grid to a JPEG of at most 256 px with the same picture', () => {
    const png = renderGrid(42, 1024, 768);
    const out = makeThumbnail(png);
    const img = jpeg.decode(out, { useTArray: true });
    assert.deepEqual([img.width, img.height], [THUMB_MAX, 192]);
    assert.ok(out.length < png.length / 4, `${out.length} bytes from ${png.length}`);
    // A box filter of a flat area keeps its colour.
    const flat = shrink(
      { width: 4, height: 4, data: new Uint8Array(64).map((_, i) => (i % 4 === 3 ? 255 : 100)) },
      2,
    );
    assert.deepEqual([...flat.data.subarray(0, 4)], [100, 100, 100, 255]);
    assert.throws(() => makeThumbnail(new Uint8Array([1, 2, 3, 4])), /no thumbnail/);
  });

  it('the worker thread makes them in the background, pictures on screen first, and says which failed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-thumbs-'));
    try {
      const jobs = Array.from({ length: 6 }, (_, i) => {
        const src = path.join(dir, `p${i}.png`);
        fs.writeFileSync(src, i === 5 ? Buffer.from('not a picture') : renderGrid(i, 512, 512));
        return { id: `p${i}`, src, out: path.join(dir, 'thumbs', `p${i}.jpg`) };
      });
      const order: string[] = [];
      const failed: string[] = [];
      await new Promise<void>((resolve) => {
        const q = new ThumbnailQueue({
          workerPath: path.join(__dirname, '..', '..', 'src', 'core', 'media', 'thumbnailWorker.js'),
          inFlight: 1,
          onDone: (job, r) => {
            (r.ok ? order : failed).push(job.id);
            if (q.pending === 0) {
              q.dispose();
              resolve();
            }
          },
        });
        q.add(jobs.slice(0, 5));
        q.add([jobs[4]!, jobs[5]!], true);
      });
      assert.deepEqual(failed, ['p5']);
      assert.equal(order[0], 'p0', 'the job already in the worker finishes first');
      assert.equal(order[1], 'p4', 'then the one wanted on screen');
      assert.deepEqual([...order].sort(), ['p0', 'p1', 'p2', 'p3', 'p4']);
      for (const id of order) {
        const img = jpeg.decode(fs.readFileSync(path.join(dir, 'thumbs', `${id}.jpg`)), { useTArray: true });
        assert.equal(img.width, 256);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('gallery: HTML', () => {
  it('has a nonce-only script CSP, local images only, and no inline code', () => {
    const html = galleryHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce: 'abc123',
      scriptUri: 'https://x/gallery.js',
      styleUri: 'https://x/g.css',
      codiconUri: 'https://x/codicon.css',
      language: 'zh-cn"><script>',
      title: '<b>',
      bundle: { a: '</script><script>alert(1)</script>' },
    });
    assert.match(html, /script-src 'nonce-abc123'/);
    assert.match(html, /img-src https:\/\/x\.vscode-cdn\.net;/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.equal((html.match(/<script/g) ?? []).length, 2);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>&lt;b&gt;<\/title>/);
  });
});
