/**
 * Midjourney Studio's MCP server: the five agent tools over stdio, for agents that speak MCP (VS Code starts it
 * through the extension's McpServerDefinitionProvider; in a terminal: `node <extension>/dist/mcp.js`).
 * It is the same core as the extension (src/core: client, store, poller, AgentCore): no second client.
 *
 * Environment:
 *   MJ_BASE_URL        the server, e.g. https://api.example.com (required)
 *   MJ_API_KEY         the key; or MJ_API_KEY_FILE, a file holding it (first line)
 *   MJ_AUTH_HEADER     Authorization (default) or mj-api-secret
 *   MJ_SPEED           fast | relax | turbo: sends to /mj-<speed>/mj/...
 *   MJ_WORKSPACE       the folder image paths are read from and saved into (default: the working directory)
 *   MJ_SAVE_FOLDER     the folder midjourney_save writes into, inside the workspace (default assets/midjourney)
 *   MJ_STUDIO_DIR      where the task journal and image copies go (default ~/.midjourney-studio)
 *   MJ_JOURNAL         "off": keep no journal (VS Code sets it: there the extension has the tasks anyway)
 * The key is only ever sent to MJ_BASE_URL: it is never written to a file, the journal or the output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';
import { AgentCore, type AgentDeps, type AgentResult } from '../core/agents/agentCore';
import { JOURNAL_FILE, journalDir, journalLine, readJournal } from '../core/agents/journal';
import {
  AGENT_TOOL_NAMES,
  MAX_WAIT_SECONDS,
  PAYING_TOOLS,
  safeRelativePath,
  TOOL_DESCRIPTIONS,
  type AgentToolName,
} from '../core/agents/tools';
import { MjClient } from '../core/api/client';
import { downloadImage } from '../core/media/images';
import { uniqueName } from '../core/media/library';
import { MjError } from '../core/model/errors';
import type { AuthHeaderStyle } from '../core/model/types';
import { checkBaseUrl } from '../core/net/origin';
import { chooseProxy, createDispatcher } from '../core/net/proxy';
import { Poller } from '../core/tasks/poller';
import { TaskStore, type KeyValueStore, type TaskRecord } from '../core/tasks/store';
import { TaskService } from '../core/tasks/taskService';

export const SERVER_NAME = 'midjourney-studio';

export interface McpOptions {
  env: NodeJS.ProcessEnv;
  /** Where diagnostics go (stderr): never the key. */
  log?: (line: string) => void;
}

/** A key/value store in memory: the server's tasks live as long as it runs (plus the journal). */
function memoryKv(): KeyValueStore {
  const m = new Map<string, unknown>();
  return {
    keys: () => [...m.keys()],
    get: <T>(k: string) => m.get(k) as T | undefined,
    update: (k, v) => {
      if (v === undefined) m.delete(k);
      else m.set(k, v);
      return Promise.resolve();
    },
  };
}

function readKey(env: NodeJS.ProcessEnv): string | undefined {
  if (env.MJ_API_KEY?.trim()) return env.MJ_API_KEY.trim();
  if (env.MJ_API_KEY_FILE) {
    try {
      return fs.readFileSync(env.MJ_API_KEY_FILE, 'utf8').split(/\r?\n/)[0]?.trim() || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where the journal and image copies go. */
export function studioDir(env: NodeJS.ProcessEnv): string {
  return path.normalize(journalDir(env, os.homedir()));
}

/** Builds the server and its parts (not yet connected). */
export function createMcpServer(opts: McpOptions): { server: McpServer; close: () => void } {
  const env = opts.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const key = readKey(env);
  const checked = checkBaseUrl(env.MJ_BASE_URL ?? '');
  const workspace = path.resolve(env.MJ_WORKSPACE || process.cwd());
  const saveFolder = safeRelativePath(env.MJ_SAVE_FOLDER || 'assets/midjourney');
  const dir = studioDir(env);
  const journalOn = env.MJ_JOURNAL !== 'off';
  const journal = path.join(dir, JOURNAL_FILE);
  const imagesDir = path.join(dir, 'images');
  const dispatcher = createDispatcher(chooseProxy({}));
  const origin = checked.ok ? checked.origin : '';

  const client = checked.ok
    ? new MjClient({
        baseUrl: checked.url,
        apiKey: async () => key,
        authHeader: (env.MJ_AUTH_HEADER === 'mj-api-secret'
          ? 'mj-api-secret'
          : 'Authorization') as AuthHeaderStyle,
        pathPrefix: /^(fast|relax|turbo)$/.test(env.MJ_SPEED ?? '') ? `/mj-${env.MJ_SPEED}` : '',
        dispatcher,
        logger: (line) => log(line),
      })
    : undefined;
  const needClient = (): MjClient => {
    if (!checked.ok || !client) {
      throw new MjError({
        kind: 'config',
        message: `MJ_BASE_URL: ${checked.ok ? '' : checked.reason}`,
        remedy: 'openSettings',
      });
    }
    return client;
  };

  const store = new TaskStore(memoryKv());
  // Tasks this server made in an earlier run (of this server): known again, so task and save work on them.
  if (journalOn) {
    try {
      for (const e of readJournal(fs.readFileSync(journal, 'utf8'))) {
        if (e.server === origin) void store.add(e.record);
      }
    } catch {
      // No journal yet.
    }
  }
  const poller = new Poller({
    reader: {
      fetchTask: (id, o) => needClient().fetchTask(id, o),
      listByCondition: (ids, o) => needClient().listByCondition(ids, o),
    },
    store,
    onError: (e) => log(`polling: ${e instanceof Error ? e.message : String(e)}`),
  });
  const tasks = new TaskService({ client: () => needClient(), store, track: (id) => poller.track(id) });
  // Picks up what the journal left unfinished, then polls whatever the tools submit.
  poller.start();

  if (journalOn) {
    store.onDidChange((e) => {
      const lines = e.ids.flatMap((id) => {
        const rec = store.get(id);
        return rec ? [journalLine(origin, rec)] : [];
      });
      if (!lines.length) return;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.appendFileSync(journal, lines.join(''), { mode: 0o600 });
      } catch (err) {
        log(`journal: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }

  const inWorkspace = (p: string): string => {
    const abs = path.resolve(workspace, p);
    const rel = path.relative(workspace, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new MjError({ kind: 'business', message: `The path "${p.slice(0, 200)}" leaves the workspace.` });
    }
    return abs;
  };

  const deps: AgentDeps = {
    tasks,
    store,
    serverName: () => (checked.ok ? new URL(checked.origin).host : ''),
    readFile: async (p) => {
      const abs = inWorkspace(p);
      try {
        return { name: path.basename(abs), bytes: new Uint8Array(await fs.promises.readFile(abs)) };
      } catch {
        throw new MjError({
          kind: 'business',
          message: `There is no file ${p.slice(0, 200)} in the workspace.`,
        });
      }
    },
    image: async (rec: TaskRecord) => {
      if (rec.localImage) {
        try {
          const bytes = new Uint8Array(await fs.promises.readFile(rec.localImage));
          return { bytes, ext: path.extname(rec.localImage).slice(1) || 'png', file: rec.localImage };
        } catch {
          // Gone: download again.
        }
      }
      if (!rec.task.imageUrl || !/^https?:\/\//i.test(rec.task.imageUrl)) {
        throw new MjError({ kind: 'business', message: 'This task has no finished image yet.' });
      }
      const img = await downloadImage(rec.task.imageUrl, { dispatcher });
      await fs.promises.mkdir(imagesDir, { recursive: true, mode: 0o700 });
      const file = path.join(imagesDir, `${rec.task.id.replace(/[^\w-]/g, '_')}.${img.ext}`);
      await fs.promises.writeFile(file, img.bytes);
      await store.update(rec.task.id, (r) => ({ ...r, localImage: file }));
      return { bytes: img.bytes, ext: img.ext, file };
    },
    writeFile: async (dirParts, name, bytes) => {
      const folder = inWorkspace(path.join(...(dirParts ?? saveFolder), '.'));
      await fs.promises.mkdir(folder, { recursive: true });
      const free = await uniqueName(name, async (n) => fs.existsSync(path.join(folder, n)));
      const target = path.join(folder, free);
      await fs.promises.writeFile(target, bytes, { flag: 'wx' });
      return path.relative(workspace, target).split(path.sep).join('/');
    },
    ready: async () => {
      needClient();
      if (!key) {
        throw new MjError({
          kind: 'auth',
          message: 'No API key: set MJ_API_KEY (or MJ_API_KEY_FILE) in the MCP server’s environment.',
          remedy: 'setApiKey',
        });
      }
    },
  };
  const core = new AgentCore(deps);

  const server = new McpServer({ name: SERVER_NAME, version: '0.1.0' });
  const wait = z.number().min(0).max(MAX_WAIT_SECONDS).optional();
  const shapes: Record<AgentToolName, z.ZodRawShape> = {
    midjourney_imagine: {
      prompt: z.string(),
      imagePaths: z.array(z.string()).max(5).optional(),
      waitSeconds: wait,
    },
    midjourney_task: { taskId: z.string(), waitSeconds: wait },
    midjourney_action: { taskId: z.string(), button: z.string(), prompt: z.string().optional() },
    midjourney_describe: { imagePath: z.string() },
    midjourney_save: {
      taskId: z.string(),
      path: z.string().optional(),
      quadrant: z.number().int().min(1).max(4).optional(),
    },
  };
  for (const name of AGENT_TOOL_NAMES) {
    const paying = PAYING_TOOLS.has(name);
    server.registerTool(
      name,
      {
        description: TOOL_DESCRIPTIONS[name],
        inputSchema: shapes[name],
        annotations: {
          readOnlyHint: name === 'midjourney_task',
          openWorldHint: paying,
          destructiveHint: false,
        },
      },
      async (args: unknown) => toMcp(await run(core, name, args)),
    );
  }
  return {
    server,
    close: () => {
      poller.dispose();
      void dispatcher.close().catch(() => undefined);
    },
  };
}

async function run(core: AgentCore, name: AgentToolName, args: unknown): Promise<AgentResult | Error> {
  try {
    return await core.invoke(name, args);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function toMcp(r: AgentResult | Error): {
  content: ({ type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string })[];
  isError?: boolean;
} {
  if (r instanceof Error) {
    return {
      content: [{ type: 'text', text: r instanceof MjError ? r.userMessage : r.message }],
      isError: true,
    };
  }
  const content: ({ type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string })[] = [
    { type: 'text', text: r.text },
  ];
  if (r.image) {
    content.push({
      type: 'image',
      data: Buffer.from(r.image.bytes).toString('base64'),
      mimeType: r.image.mime,
    });
  }
  return { content };
}

/** `node dist/mcp.js`: serves on stdin/stdout until the client closes. */
export async function main(): Promise<void> {
  const { server, close } = createMcpServer({ env: process.env });
  const transport = new StdioServerTransport();
  transport.onclose = () => {
    close();
    process.exit(0);
  };
  process.stdin.on('end', () => {
    close();
    process.exit(0);
  });
  await server.connect(transport);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`midjourney-studio mcp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
