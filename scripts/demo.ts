import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../sim/server';
import { buildVsix } from '../test/vscode/build';
import { freePort, startCodeServer } from '../test/vscode/codeServer';
import { vscodeVersion } from '../test/vscode/tools';

/**
 * `npm run demo`: the packaged extension in a real VS Code (code-server) against the local simulator, for a
 * person to try in a browser. Tasks take about 20 s so progress can be watched. Ctrl+C stops everything.
 * Env: MJS_DEMO_PORT (default 8080), MJS_DEMO_SPEED (ms per task, default 20000).
 */
async function main(): Promise<void> {
  console.log('demo: building the extension and midjourney-studio.vsix…');
  const vsix = buildVsix();
  const speed = Number(process.env.MJS_DEMO_SPEED ?? 20_000);
  const sim = await startSimulator({ speed });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-demo-ws-'));
  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    [
      '# Midjourney Studio demo',
      '',
      'Select the next line, right-click, and pick "Use Selection to Imagine":',
      '',
      'a lighthouse on a cliff at dawn, oil painting --ar 16:9',
      '',
      'Add --sim-fail to a prompt to see how a failed task looks.',
      '',
    ].join('\n'),
  );
  const wanted = Number(process.env.MJS_DEMO_PORT ?? 8080);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  let server;
  try {
    server = await startCodeServer({ vsix, port, settings: { 'midjourney.baseUrl': sim.url } });
  } catch (e) {
    await sim.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
  const running = server;

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping code-server and the simulator…');
    await running.stop();
    await sim.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    process.exit(0);
  };
  // Registered before anything else can handle them, so Ctrl+C stops gracefully (codeServer.ts defers to us).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());

  const url = `${running.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`
Midjourney Studio demo is running: VS Code ${vscodeVersion()} (code-server), simulator at ${sim.url}, ${speed / 1000} s a task.

  1. Open in a browser:  ${url}
  2. Click the Midjourney icon in the activity bar, then "Set API Key", and paste:  ${sim.key}
     (the simulator's test key; it is kept only in this demo's private, temporary VS Code profile)
  3. Run "Midjourney: Imagine…" from the Command Palette (F1), or select the README's prompt line,
     right-click, "Use Selection to Imagine".

Press Ctrl+C to stop.`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

main().catch((e: unknown) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
