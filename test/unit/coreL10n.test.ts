/**
 * The core's error sentences in Chinese: with the zh-cn bundle loaded (as the host does at activation), every
 * error of the main matrix reads in Chinese and still carries the facts the user needs (status, seconds,
 * server text, banned word, task id). Other tests stay English: the bundle is unset after each test.
 */
import * as assert from 'node:assert/strict';
import type { MjError } from '../../src/core/model/errors';
import { TransportError } from '../../src/core/net/http';
import type { HttpResponse } from '../../src/core/net/http';
import { httpError, transportToMjError, unexpectedAnswer } from '../../src/core/api/httpErrors';
import { checkBaseUrl } from '../../src/core/net/origin';
import { parseHistoryFile } from '../../src/core/history/historyFile';
import { testConnection } from '../../src/core/api/probe';
import { setL10nBundle } from '../../src/shared/l10n';
import { ORIGIN, netError, rig } from './clientMock';
import { rejects, zhBundle } from './testUtils';

const ZH = zhBundle();

const HAN = /[\u4e00-\u9fff]/;
const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';

function res(status: number, text = '', headers: HttpResponse['headers'] = {}): HttpResponse {
  return { status, text, headers };
}

/** Chinese, with each fact kept verbatim, and none of the English sentence left over. */
function assertChinese(e: MjError, ...facts: string[]): void {
  const text = e.userMessage;
  assert.match(text, HAN, text);
  for (const f of facts) assert.ok(text.includes(f), `${JSON.stringify(f)} missing from ${text}`);
  assert.doesNotMatch(text, /\b(The server|Try again|Check midjourney|Could not|did not answer)\b/, text);
}

describe('core error sentences in Chinese (zh-cn bundle)', () => {
  beforeEach(() => setL10nBundle(ZH));
  afterEach(() => setL10nBundle(undefined));

  const read = { endpoint: '/task/list-by-condition', isSubmit: false };
  const submit = { endpoint: '/submit/imagine', isSubmit: true };

  it('redirect, refused key and rate limit keep their status, target and Retry-After seconds', () => {
    const moved = httpError(res(301, '', { location: 'https://elsewhere.example/mj' }), read);
    assertChinese(moved, 'HTTP 301', 'https://elsewhere.example');
    assert.equal(moved.kind, 'config');
    for (const status of [401, 403]) {
      const e = httpError(res(status, '{"error":{"message":"invalid token"}}'), submit);
      assert.equal(
        e.userMessage,
        `服务器拒绝了 API 密钥（HTTP ${status}）。请设置有效的密钥。`,
        'two Chinese sentences follow each other without a space',
      );
    }
    const limited = httpError(res(429, '', { 'retry-after': '17' }), read);
    assertChinese(limited, 'HTTP 429', '17');
    assert.equal(limited.retryAfterSeconds, 17);
    assertChinese(httpError(res(429), read), 'HTTP 429');
  });

  it('relay 400 bodies: quota, missing task, unknown button, and any other description', () => {
    const relay = (description: string) =>
      httpError(res(400, JSON.stringify({ description, code: 4 })), submit);
    const quota = relay('quota_not_enough');
    assertChinese(quota);
    assert.equal(quota.kind, 'relay');
    assert.equal(relay('task_no_found').kind, 'notFound');
    assertChinese(relay('task_no_found'));
    assertChinese(relay('unknown_action:MJ::BOOKMARK::1'), 'MJ::BOOKMARK::1');
    assertChinese(relay('custom_id_is_required'), 'custom_id_is_required');
    assertChinese(httpError(res(400, ''), submit), 'HTTP 400');
  });

  it('404/405 missing endpoints, 408, 5xx with text or an HTML page, and any other status', () => {
    for (const status of [404, 405]) {
      assertChinese(httpError(res(status, 'Not Found'), read), `HTTP ${status}`, '/task/list-by-condition');
    }
    assertChinese(httpError(res(408), read), 'HTTP 408');
    assertChinese(
      httpError(res(500, '{"description":"upstream exploded"}'), read),
      'HTTP 500',
      'upstream exploded',
    );
    assertChinese(httpError(res(500, ''), read), 'HTTP 500');
    const page = httpError(res(502, HTML), read);
    assertChinese(page, 'HTTP 502');
    assert.doesNotMatch(page.userMessage, /nginx|<html/i, 'an HTML page is never shown');
    assertChinese(httpError(res(418, 'teapot'), read), 'HTTP 418', 'teapot');
  });

  it('a 2xx that is not the expected JSON', () => {
    assertChinese(unexpectedAnswer(res(200, 'garbage'), 'taskList'));
    assertChinese(unexpectedAnswer(res(200, HTML), 'task'), 'HTTP 200');
  });

  it('network and timeout failures from the transport name the server and the error code', async () => {
    const reset = rig({ retry: { maxAttempts: 1 } });
    reset.fail('GET', '/mj/task/a/fetch', netError('ECONNRESET'));
    assertChinese(await rejects(reset.client.fetchTask('a')), ORIGIN, 'ECONNRESET');

    const dns = rig({ retry: { maxAttempts: 1 } });
    dns.fail('GET', '/mj/task/a/fetch', netError('ENOTFOUND', 'getaddrinfo'));
    assertChinese(await rejects(dns.client.fetchTask('a')), ORIGIN, 'ENOTFOUND');

    const tls = transportToMjError(
      new TransportError('network', 'CERT_HAS_EXPIRED', true, undefined),
      ORIGIN,
    );
    assertChinese(tls, ORIGIN, 'CERT_HAS_EXPIRED');
    assertChinese(
      transportToMjError(new TransportError('timeout', undefined, false, undefined), ORIGIN),
      ORIGIN,
    );
    assert.match(
      transportToMjError(new TransportError('cancelled', undefined, false, undefined), ORIGIN).message,
      HAN,
    );

    // A submit whose connection broke after sending: the "may have been received" sentence is Chinese too.
    const sent = rig();
    sent.fail('POST', '/mj/submit/imagine', netError('ECONNRESET'));
    const e = await rejects(sent.client.imagine({ prompt: 'a cat' }));
    assert.equal(e.mayHaveReachedServer, true);
    assertChinese(e, 'ECONNRESET');
    assert.match(e.userMessage, /重复扣费/);
  });

  it('business codes of the submit path: 3, 4, 9, 21, 23, 24 in Chinese; 22 is accepted', async () => {
    const answer = async (body: Record<string, unknown>): Promise<MjError> => {
      const r = rig();
      r.on('POST', '/mj/submit/imagine', { status: 200, data: body });
      return rejects(r.client.imagine({ prompt: 'a cat' }));
    };
    assertChinese(await answer({ code: 3, description: 'parent gone' }), 'parent gone');
    assertChinese(await answer({ code: 4, description: 'bad prompt' }), 'bad prompt');
    assertChinese(await answer({ code: 4, description: '' }));
    assertChinese(await answer({ code: 9, description: 'queue full' }), 'queue full');
    assertChinese(await answer({ code: 23, description: '' }));
    const exists = await answer({ code: 21, description: 'exists', result: '1712345678901001' });
    assertChinese(exists, '1712345678901001');
    assert.equal(exists.taskId, '1712345678901001');
    const banned = await answer({ code: 24, description: 'banned', properties: { bannedWord: 'gore' } });
    assertChinese(banned, 'gore');
    assertChinese(await answer({ code: 24, description: 'banned' }));
    assertChinese(await answer({ code: 99, description: 'odd' }), '99', 'odd');

    const r = rig();
    r.on('POST', '/mj/submit/imagine', {
      status: 200,
      data: { code: 22, description: 'queued', result: 'T22', properties: { numberOfQueues: 3 } },
    });
    const queued = await r.client.imagine({ prompt: 'a cat' });
    assert.equal(queued.taskId, 'T22');
    assert.equal(queued.queuePosition, 3);
  });

  it('settings, Test Connection and history-file sentences are Chinese as well', async () => {
    const bad = checkBaseUrl('http://relay.example');
    assert.ok(!bad.ok);
    assert.match(bad.reason, HAN);
    assert.ok(bad.reason.includes('http://relay.example'));

    const offers = await testConnection(
      { probe: async () => ({ status: 400, json: { code: 4, description: 'x' }, isJson: true }) },
      ORIGIN,
    );
    assert.match(offers.summary, HAN);
    assert.ok(offers.summary.includes(ORIGIN));
    assert.ok(offers.summary.includes('自定义缩放'), offers.summary);
    assert.doesNotMatch(offers.summary, /list-by-condition|modal/, 'no endpoint names');

    assert.throws(
      () => parseHistoryFile(JSON.stringify({ format: 'midjourney-studio-history', version: 7, tasks: [] })),
      (e: Error) => HAN.test(e.message) && e.message.includes('7'),
    );
  });

  it('goes back to English when the bundle is unset', () => {
    setL10nBundle(undefined);
    assert.equal(
      httpError(res(401), submit).userMessage,
      'The server refused the API key (HTTP 401). Set a valid key.',
    );
  });
});
