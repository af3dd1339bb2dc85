import * as assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../sim/server';
import {
  balanceOf,
  formatUsd,
  parseSubscription,
  parseUsage,
  shouldWarn,
  SUBSCRIPTION_PATH,
  USAGE_PATH,
} from '../../src/core/api/billing';
import { MjClient } from '../../src/core/api/client';
import { MjError } from '../../src/core/model/errors';
import { testConnection } from '../../src/core/api/probe';
import { imagine, waitFor } from './simHelpers';

describe('billing: parsing and rules', () => {
  it('reads hard_limit_usd and total_usage (cents) and subtracts', () => {
    assert.equal(parseSubscription({ hard_limit_usd: 12.5 }), 12.5);
    assert.equal(parseSubscription({ hard_limit_usd: '3' }), 3);
    assert.equal(parseUsage({ total_usage: 250 }), 2.5);
    assert.equal(parseSubscription({ error: 'x' }), undefined);
    assert.equal(parseUsage('<html>'), undefined);
    assert.deepEqual(balanceOf(10, 0.15), { limitUsd: 10, usedUsd: 0.15, balanceUsd: 9.85 });
    // 0.1 + 0.2 style noise does not show up as $9.699999.
    assert.equal(balanceOf(10, 0.1 + 0.2).balanceUsd, 9.7);
  });

  it('formats dollars and warns once below a positive threshold', () => {
    assert.equal(formatUsd(9.95), '$9.95');
    assert.equal(formatUsd(-0.1), '-$0.10');
    assert.equal(formatUsd(12345.6), '$12,345.60');
    assert.equal(shouldWarn(0.5, 1, false), true);
    assert.equal(shouldWarn(0.5, 1, true), false);
    assert.equal(shouldWarn(1.5, 1, false), false);
    assert.equal(shouldWarn(0.5, 0, false), false, '0 turns the warning off');
  });
});

describe('MjClient.balance against the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ speed: 120, relayLagMs: 0, dialect: 'relay', balanceUsd: 10 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const client = (over: Partial<ConstructorParameters<typeof MjClient>[0]> = {}): MjClient =>
    new MjClient({ baseUrl: sim.url, apiKey: sim.key, retry: { maxAttempts: 1 }, ...over });

  it('relay: reads the balance with a Bearer header at the root, and it drops after a task succeeds', async () => {
    // A speed prefix applies to /mj only; billing is at the root of the base URL.
    const c = client({ pathPrefix: '/mj-fast' });
    const before = await c.balance();
    assert.deepEqual(before, { kind: 'balance', balance: { limitUsd: 10, usedUsd: 0, balanceUsd: 10 } });
    await waitFor(sim, await imagine(sim, 'a fox'));
    const after = await c.balance();
    assert.equal(after.kind === 'balance' && after.balance.balanceUsd, 9.95);
    const billing = sim.requests.filter((r) => r.path.startsWith('/v1/'));
    assert.deepEqual(
      billing.map((r) => r.path),
      [SUBSCRIPTION_PATH, USAGE_PATH, SUBSCRIPTION_PATH, USAGE_PATH],
    );
    for (const r of billing) {
      assert.equal(r.headers.authorization, `Bearer ${sim.key}`);
      assert.equal(r.query, '', 'the key never goes into the URL');
    }
  });

  it('trueai and novicezk: "none" (404), without an error', async () => {
    sim.setDialect('trueai');
    assert.deepEqual(await client().balance(), { kind: 'none' });
    sim.setDialect('novicezk');
    assert.deepEqual(await client({ authHeader: 'mj-api-secret' }).balance(), { kind: 'none' });
  });

  it('a refused key is an auth error, not "no billing"', async () => {
    await assert.rejects(
      client({ apiKey: 'wrong' }).balance(),
      (e: unknown) => e instanceof MjError && e.kind === 'auth',
    );
  });

  it('never follows a redirect with the key', async () => {
    sim.addFault({
      fault: { kind: 'redirect', location: 'https://elsewhere.example/' },
      path: SUBSCRIPTION_PATH,
    });
    await assert.rejects(client().balance(), (e: unknown) => e instanceof MjError && e.kind === 'config');
    assert.equal(sim.requests.filter((r) => r.path.startsWith('/v1/')).length, 1);
  });

  it('a 200 web page (a console catch-all) counts as "no billing"', async () => {
    sim.addFault({ fault: { kind: 'status', status: 200, html: true }, path: SUBSCRIPTION_PATH });
    assert.deepEqual(await client().balance(), { kind: 'none' });
  });

  it('Test Connection reports what is left on a relay, and nothing about money elsewhere', async () => {
    const relay = await testConnection(client(), sim.url);
    assert.match(relay.summary, /\$10\.00 left/);
    assert.equal(relay.balance?.balanceUsd, 10);
    sim.setDialect('trueai');
    const ta = await testConnection(client(), sim.url);
    assert.doesNotMatch(ta.summary, /\$|left/);
    assert.equal(ta.balance, undefined);
    assert.equal(sim.submitCount(), 0);
  });
});
