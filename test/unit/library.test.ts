import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { cropQuadrants, NotPngError } from '../../src/core/media/quadrants';
import {
  fileNameFor,
  isGridAction,
  markdownAlt,
  markdownImage,
  quadrantName,
  relativeLink,
  uniqueName,
} from '../../src/core/media/library';
import type { ViewTask } from '../../src/shared/protocol';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { initialModel, reducePanel } from '../../src/webview/panelModel';
import { libraryView } from '../../src/webview/sections/library';
import { buildView } from '../../src/webview/viewModel';

/** A w×h PNG whose four quadrants are solid red, green, blue and white (odd sizes leave a grey seam). */
function quadrantPng(w: number, h: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  const colours = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [255, 255, 255],
  ];
  const hw = Math.floor(w / 2);
  const hh = Math.floor(h / 2);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const seam = x >= 2 * hw || y >= 2 * hh;
      const c = seam ? [128, 128, 128] : colours[(y < hh ? 0 : 2) + (x < hw ? 0 : 1)]!;
      png.data[i] = c[0]!;
      png.data[i + 1] = c[1]!;
      png.data[i + 2] = c[2]!;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

function pixels(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe('library: cropQuadrants', () => {
  it('gives four PNGs of half the size, in Midjourney order, each one colour', () => {
    const parts = cropQuadrants(quadrantPng(64, 48));
    assert.equal(parts.length, 4);
    const expected = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
    ];
    parts.forEach((bytes, n) => {
      const p = pixels(bytes);
      assert.equal(p.width, 32);
      assert.equal(p.height, 24);
      for (let i = 0; i < p.data.length; i += 4) {
        assert.deepEqual([p.data[i], p.data[i + 1], p.data[i + 2]], expected[n], `quadrant ${n + 1}`);
      }
    });
  });

  it('drops the odd last row and column so all four have the same size', () => {
    const parts = cropQuadrants(quadrantPng(9, 7)).map(pixels);
    for (const p of parts) assert.deepEqual([p.width, p.height], [4, 3]);
    // The grey seam is outside every quadrant.
    const last = parts[3]!;
    assert.deepEqual([...last.data.subarray(last.data.length - 4, last.data.length - 1)], [255, 255, 255]);
  });

  it('refuses JPEG and WebP with a sentence that says only PNG grids can be split', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]);
    assert.throws(
      () => cropQuadrants(jpeg),
      (e: unknown) => {
        assert.ok(e instanceof NotPngError);
        assert.match(e.message, /Only PNG grids can be split.*image\/jpeg/);
        return true;
      },
    );
    const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
    assert.throws(() => cropQuadrants(webp), /image\/webp/);
  });

  it('refuses a 1-pixel image', () => {
    assert.throws(() => cropQuadrants(quadrantPng(1, 1)), /too small/);
  });
});

describe('library: fileNameFor', () => {
  it('slugs the prompt and drops parameters and links', () => {
    assert.equal(
      fileNameFor('A Lighthouse on a cliff, at dawn --ar 16:9 --v 6', '1', 'png'),
      'a-lighthouse-on-a-cliff-at-dawn.png',
    );
    assert.equal(fileNameFor('https://cdn.example/x.png a red fox', '1', 'jpg'), 'a-red-fox.jpg');
    assert.equal(fileNameFor('Crème brûlée <#tag>', '1', '.PNG'), 'creme-brulee.png');
  });

  it('falls back to the task id when nothing is left, and avoids reserved names', () => {
    assert.equal(fileNameFor('--ar 1:1', '1700000000123', 'png'), 'midjourney-1700000000123.png');
    assert.equal(fileNameFor('猫', '17', 'webp'), 'midjourney-17.webp');
    assert.equal(fileNameFor('CON', '17', 'png'), 'midjourney-17.png');
  });

  it('cuts at a word boundary within 60 characters', () => {
    const name = fileNameFor('word '.repeat(40), '1', 'png');
    assert.ok(name.length <= 64, name);
    assert.match(name, /^word(-word)+\.png$/);
    assert.equal(fileNameFor('x'.repeat(100), '1', 'png'), `${'x'.repeat(60)}.png`);
  });

  it('is always a safe single file name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat().map(String), (prompt, id) => {
        const n = fileNameFor(prompt, id, 'png');
        assert.match(n, /^[a-z0-9_-]{1,70}\.png$/);
        assert.ok(!n.startsWith('-'));
      }),
    );
  });
});

describe('library: uniqueName and quadrantName', () => {
  it('never clobbers: name, name-2, name-3', async () => {
    const taken = new Set(['fox.png', 'fox-2.png']);
    const exists = (n: string) => Promise.resolve(taken.has(n));
    assert.equal(await uniqueName('cat.png', exists), 'cat.png');
    assert.equal(await uniqueName('fox.png', exists), 'fox-3.png');
  });

  it('numbers quadrants before the extension', () => {
    assert.equal(quadrantName('fox.png', 3), 'fox-q3.png');
  });
});

describe('library: Markdown links', () => {
  it('escapes brackets and backslashes in the alt text and keeps it on one line', () => {
    assert.equal(markdownAlt('a [red]\n fox \\ here'), 'a \\[red\\] fox \\\\ here');
    assert.equal(markdownImage('x](evil) [y', 'a.png'), '![x\\](evil) \\[y](a.png)');
  });

  it('links relative to the document folder, like VS Code’s Markdown paste', () => {
    assert.equal(relativeLink('/ws', '/ws/assets/midjourney/fox.png'), 'assets/midjourney/fox.png');
    assert.equal(relativeLink('/ws/docs/guide', '/ws/assets/fox.png'), '../../assets/fox.png');
    assert.equal(relativeLink('/ws/assets', '/ws/assets/fox.png'), 'fox.png');
    assert.equal(relativeLink('/ws', '/ws/my pics/a(1).png'), 'my%20pics/a%281%29.png');
  });
});

describe('library: panel messages', () => {
  it('accepts insertImage and saveImageAs with a task id only', () => {
    for (const type of ['insertImage', 'saveImageAs']) {
      assert.deepEqual(parseWebviewMessage({ type, taskId: '1700000000001', path: '/etc/passwd' }), {
        type,
        taskId: '1700000000001',
      });
      assert.equal(parseWebviewMessage({ type, taskId: '../x' }), undefined);
      assert.equal(parseWebviewMessage({ type }), undefined);
    }
  });
});

describe('library: isGridAction', () => {
  it('splits grids, not upscales', () => {
    for (const a of ['IMAGINE', 'VARIATION', 'REROLL', 'BLEND', 'PAN', 'ZOOM']) assert.ok(isGridAction(a), a);
    for (const a of ['UPSCALE', 'upscale_v6_2x_subtle', 'DESCRIBE']) assert.ok(!isGridAction(a), a);
  });
});

describe('library: panel buttons', () => {
  const base: ViewTask = {
    id: '1732612345123',
    action: 'IMAGINE',
    status: 'SUCCESS',
    statusLabel: 'Done',
    running: false,
    progress: 100,
    prompt: 'a fox',
    description: '',
    imageSrc: 'https://cdn.example/grid.png',
    isPreview: false,
    buttons: [],
  };
  const view = (over: Partial<ViewTask>) =>
    libraryView(buildView(reducePanel(initialModel(), { type: 'state', task: { ...base, ...over } }), 0));

  it('shows Insert / Save As for a finished image only', () => {
    assert.deepEqual(view({}), { taskId: base.id, canEdit: false });
    assert.deepEqual(view({ canEdit: true }), { taskId: base.id, canEdit: true });
    assert.equal(view({ status: 'IN_PROGRESS', running: true, isPreview: true }), undefined);
    assert.equal(view({ status: 'FAILURE', imageSrc: undefined }), undefined);
    assert.equal(view({ imageSrc: undefined }), undefined);
  });
});
