import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../sim/server';
import type { RecordedRequest, Simulator } from '../../sim/server';
import { ensureVsix } from '../vscode/build';
import { startCodeServer, workbenchUrl } from '../vscode/codeServer';
import type { CodeServer } from '../vscode/codeServer';
import { repoRoot, vscodeVersion } from '../vscode/tools';
import { openWorkbench, waitForActivityIcon } from '../vscode/workbench';
import type { Workbench } from '../vscode/workbench';

/** Everything one UI run needs: the simulator, a code-server with the packaged extension, a browser on it. */
export interface Studio {
  sim: Simulator;
  server: CodeServer;
  workbench: Workbench;
  workspace: string;
  stop(): Promise<void>;
}

/** The workspace file the selection test right-clicks in. */
export const readmeLines = ['# UI test workspace', '', 'a lighthouse on a cliff at dawn', ''];

/**
 * Packages the extension (or reuses a fresh .vsix), starts the simulator in this process and code-server with
 * `midjourney.baseUrl` pointing at it, and opens the workbench on a scratch workspace. Whatever started is
 * stopped again when a later step fails.
 */
export async function startStudio(
  opts: { settings?: Record<string, unknown>; files?: Record<string, Buffer>; locale?: string } = {},
): Promise<Studio> {
  // MJS_UI_EXTENSION=dev loads dist/ as a development extension instead of the packaged .vsix: quicker while
  // iterating, but the default tests what users install.
  const dev = process.env.MJS_UI_EXTENSION === 'dev';
  const vsix = dev ? undefined : ensureVsix();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-ui-ws-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), readmeLines.join('\n'));
  // Written before the workbench opens, so the Explorer lists them at once.
  for (const [name, data] of Object.entries(opts.files ?? {}))
    fs.writeFileSync(path.join(workspace, name), data);
  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  try {
    sim = await startSimulator({ speed: 'fast' });
    server = await startCodeServer({
      vsix,
      smokeTestDriver: dev,
      ...(opts.locale ? { locale: opts.locale } : {}),
      settings: { 'midjourney.baseUrl': sim.url, 'midjourney.notifyOnFinish': true, ...opts.settings },
    });
    const workbench = await openWorkbench(
      workbenchUrl(server, workspace, dev ? { extensionDevelopmentPath: repoRoot } : undefined),
    );
    console.log(
      `    VS Code ${vscodeVersion()} (code-server), Chromium ${workbench.chromiumVersion}, simulator ${sim.url}`,
    );
    await waitForActivityIcon(workbench.page, 'Midjourney');
    const started = { sim, server, workbench, workspace };
    return {
      ...started,
      stop: async () => {
        await workbench.close().catch(() => undefined);
        await started.server.stop();
        await started.sim.close();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.stop();
    await sim?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}

/** The simulator's submits to one endpoint (`imagine`, `action`…), whatever mode prefix the client used. */
export function submits(sim: Simulator, endpoint: string): RecordedRequest[] {
  return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/submit/${endpoint}`));
}

/** A field of a recorded JSON body, as a string ('' when absent). */
export function bodyField(req: RecordedRequest, field: string): string {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[field] : undefined;
  return typeof value === 'string' ? value : '';
}
