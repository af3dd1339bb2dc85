/** Issue 16: the library counts references before deleting, and a task id never reaches Object.prototype. */
import * as assert from 'node:assert/strict';
import { savedCopiesOf, unusedFiles, withSavedCopy } from '../../src/core/media/library';
import { cspOrigins, panelHtml } from '../../src/host/panel/panelHtml';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redactor } from '../../src/core/model/redact';
import { TaskStore } from '../../src/core/tasks/store';
import { MemoryKv, mkRecord } from './storeFixtures';

const source = (rel: string): string => fs.readFileSync(path.join(__dirname, '..', '..', '..', rel), 'utf8');

describe('security: deleting local images counts references', () => {
  it('keeps a file another task (an import, a clip) still uses and deletes clips too', () => {
    const removed = [
      { localImage: '/lib/cat.png', localVideos: ['/lib/videos/cat-0.webm', '/lib/videos/cat-1.webm'] },
      { localImage: '/lib/dog.png' },
    ];
    const remaining = [{ localImage: '/lib/cat.png' }, { localVideos: ['/lib/videos/cat-1.webm'] }];
    assert.deepEqual(unusedFiles(removed, remaining), ['/lib/videos/cat-0.webm', '/lib/dog.png']);
    assert.deepEqual(unusedFiles([removed[1]!, removed[1]!], []), ['/lib/dog.png'], 'each file once');
  });
});

describe('security: a task id is never a prototype key', () => {
  it('__proto__, constructor and friends read and write only own entries', () => {
    const ids = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'prototype',
    ];
    let map: unknown = {};
    for (const id of ids) {
      assert.deepEqual(savedCopiesOf(map, id), [], `${id} before`);
      map = withSavedCopy(map, id, `file:///w/${id}.png`);
    }
    for (const id of ids) assert.deepEqual(savedCopiesOf(map, id), [`file:///w/${id}.png`]);
    assert.equal(Object.getPrototypeOf(map), Object.prototype, 'the prototype was not replaced');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const back = JSON.parse(JSON.stringify(map)) as unknown; // as workspaceState stores it
    assert.deepEqual(savedCopiesOf(back, '__proto__'), ['file:///w/__proto__.png']);
    console.log(`      ${ids.length} prototype-named task ids, none read or wrote Object.prototype`);
  });
});

describe('security: the panel shows images only from local copies and the configured servers', () => {
  it('img-src lists the webview source and the servers’ origins, never https: or http:', () => {
    const html = panelHtml({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce: 'abc',
      scriptUri: 'x.js',
      styleUri: 'x.css',
      codiconUri: 'codicon.css',
      language: 'en',
      title: 't',
      bundle: {},
      serverUrls: [
        'https://api.example.com/mj',
        'http://127.0.0.1:8787',
        'not a url',
        'javascript:alert(1)',
        "https://a.example'; script-src *",
      ],
    });
    const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
    const img = csp.split('; ').find((d) => d.startsWith('img-src')) ?? '';
    assert.equal(
      img,
      'img-src https://file+.vscode-resource.vscode-cdn.net https://api.example.com http://127.0.0.1:8787',
    );
    assert.doesNotMatch(csp, /(^|\s)https?:(\s|;|$)/);
    assert.deepEqual(cspOrigins(['https://a.example:8443/x?y']), ['https://a.example:8443']);
  });
});

describe('security: small ones', () => {
  it('log redaction remembers every key it was given, not only the last', () => {
    const r = new Redactor();
    const keys = ['sk-first-key-1234', 'sk-second-key-5678', 'nz-profile-secret', 'sk-first-key-1234-longer'];
    for (const k of keys) r.add(k);
    r.add('abc'); // too short to be a key: never redacted (it would blank out words)
    const line = keys.map((k) => `key=${k}`).join(' ') + ' Bearer abcdefgh12345 abc';
    const out = r.redact(line);
    for (const k of keys) assert.ok(!out.includes(k), `${k} leaked: ${out}`);
    assert.equal(out, 'key=*** key=*** key=*** key=*** Bearer *** abc');
    assert.match(source('src/host/log.ts'), /this\.redactor\.add\(value\)/);
  });

  it('a record with updatedAt ≥ 2^53 does not stop stamp() growing', async () => {
    let now = 1_000;
    const store = new TaskStore(new MemoryKv(), { now: () => now });
    await store.add(mkRecord('big', 1, { updatedAt: 2 ** 53 }));
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      now++;
      await store.update('big', { starred: i % 2 === 0 });
      seen.push(store.get('big')!.updatedAt);
    }
    assert.ok(
      seen.every((t) => Number.isSafeInteger(t)),
      `safe: ${seen.join(',')}`,
    );
    assert.ok(seen[0]! < seen[1]! && seen[1]! < seen[2]!, `grows: ${seen.join(',')}`);
  });
});
