import * as assert from 'node:assert/strict';
import { checkBaseUrl, isLoopbackHost } from '../../src/core/net/origin';

describe('origin rules for the API key', () => {
  it('accepts https and strips the trailing slash', () => {
    const r = checkBaseUrl('https://api.deerapi.com/');
    assert.deepEqual(r, { ok: true, url: 'https://api.deerapi.com', origin: 'https://api.deerapi.com' });
  });

  it('accepts plain http only on loopback', () => {
    assert.equal(checkBaseUrl('http://127.0.0.1:8787').ok, true);
    assert.equal(checkBaseUrl('http://localhost:8080/').ok, true);
    assert.equal(checkBaseUrl('http://[::1]:8080').ok, true);
    const r = checkBaseUrl('http://example.com');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /only sent over https/);
  });

  it('refuses other schemes, credentials and garbage with a sentence', () => {
    assert.equal(checkBaseUrl('ftp://x.org').ok, false);
    assert.equal(checkBaseUrl('https://user:pw@x.org').ok, false);
    assert.equal(checkBaseUrl('not a url').ok, false);
    assert.equal(checkBaseUrl('').ok, false);
  });

  it('knows loopback hosts', () => {
    assert.equal(isLoopbackHost('127.5.6.7'), true);
    assert.equal(isLoopbackHost('127.0.0.1.evil.com'), false);
    assert.equal(isLoopbackHost('10.0.0.1'), false);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
  });
});
