import * as assert from 'node:assert/strict';
import { startSimulator, type Dialect, type Simulator } from '../../sim/server';
import { MjClient } from '../../src/core/api/client';
import { testConnection } from '../../src/core/api/probe';

describe('Test Connection against the simulator', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ speed: 'fast' });
  });
  after(() => sim.close());

  const client = (key = sim.key, authHeader: 'Authorization' | 'mj-api-secret' = 'Authorization') =>
    new MjClient({ baseUrl: sim.url, apiKey: key, authHeader });

  const expected: Record<Dialect, Record<string, boolean>> = {
    trueai: { action: true, modal: true, change: false, listByCondition: true, seed: true, buttons: true },
    novicezk: {
      action: false,
      modal: false,
      change: true,
      listByCondition: true,
      seed: false,
      buttons: false,
    },
    relay: { action: true, modal: true, change: true, listByCondition: true, seed: true, buttons: true },
  };

  for (const dialect of Object.keys(expected) as Dialect[]) {
    it(`tells the features of a ${dialect} server and never creates a task`, async () => {
      sim.setDialect(dialect);
      const header = dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization';
      const report = await testConnection(client(sim.key, header), sim.url);
      assert.equal(report.reachable, true);
      assert.equal(report.keyAccepted, true, report.summary);
      for (const [feature, has] of Object.entries(expected[dialect])) {
        assert.equal(
          report.features[feature as keyof typeof report.features],
          has,
          `${feature}: ${report.summary}`,
        );
      }
      assert.match(report.summary, /answers and accepts your API key\. Here you can: /);
      assert.doesNotMatch(
        report.summary,
        /list-by-condition|modal|\baction\b|task list/,
        'no endpoint names',
      );
      assert.equal(sim.submitCount(), 0, 'a probe must never start a task');
    });
  }

  it('says what the user can do, and what this server lacks, in their words', async () => {
    sim.setDialect('novicezk');
    const nz = await testConnection(client(sim.key, 'mj-api-secret'), sim.url);
    assert.equal(
      nz.summary,
      `${sim.url} answers and accepts your API key. Here you can: upscale, vary and reroll a grid (U1–U4, V1–V4); ` +
        'bring in tasks made elsewhere. Not on this server: press the buttons under a finished image (upscale, vary, ' +
        'zoom, pan); use Custom Zoom, Vary Region and Remix; copy the seed of an image.',
    );
    sim.setDialect('trueai');
    const ta = await testConnection(client(), sim.url);
    assert.doesNotMatch(ta.summary, /Not on this server/, 'U/V by change is not missed where buttons do it');
  });

  it('says when the key is refused', async () => {
    sim.setDialect('trueai');
    const report = await testConnection(client('wrong-key'), sim.url);
    assert.equal(report.keyAccepted, false);
    assert.match(report.summary, /refused the API key \(HTTP 401\)/);
  });

  it('says when nothing answers', async () => {
    const dead = new MjClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retry: { maxAttempts: 1 } });
    const report = await testConnection(dead, 'http://127.0.0.1:9');
    assert.equal(report.reachable, false);
    assert.match(report.summary, /does not answer/);
  });
});
