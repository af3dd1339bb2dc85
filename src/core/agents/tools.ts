/**
 * The five agent tools (Language Model Tools in VS Code, the same tools over MCP): their names, their input
 * schemas, and the checks every input passes before anything is sent. Pure core: the VS Code tools
 * (src/host/agents/) and the MCP server (src/mcp/server.ts) both call these, so both refuse the same things
 * with the same sentences.
 */
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';

/** The tool names are a contract with agents and prompts: never rename them. */
export const AGENT_TOOL_NAMES = [
  'midjourney_imagine',
  'midjourney_task',
  'midjourney_action',
  'midjourney_describe',
  'midjourney_save',
] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** Tools that start paid jobs: a person confirms each call. */
export const PAYING_TOOLS: ReadonlySet<AgentToolName> = new Set([
  'midjourney_imagine',
  'midjourney_action',
  'midjourney_describe',
]);

/** The longest a tool call waits for a result. */
export const MAX_WAIT_SECONDS = 120;

export interface ImagineInput {
  prompt: string;
  imagePaths?: string[];
  waitSeconds?: number;
}
export interface TaskInput {
  taskId: string;
  waitSeconds?: number;
}
export interface ActionInput {
  taskId: string;
  button: string;
  prompt?: string;
}
export interface DescribeInput {
  imagePath: string;
}
export interface SaveInput {
  taskId: string;
  path?: string;
  quadrant?: number;
}

/** JSON schemas of the inputs, as package.json's `languageModelTools` declares them (a unit test compares). */
export const INPUT_SCHEMAS: Record<AgentToolName, Record<string, unknown>> = {
  midjourney_imagine: {
    type: 'object',
    properties: {
      prompt: { type: 'string', description: 'The Midjourney prompt, parameters included (--ar 16:9 …).' },
      imagePaths: {
        type: 'array',
        items: { type: 'string' },
        description: 'Workspace image files (PNG, JPEG, WebP, GIF) used as image prompts; at most 5.',
      },
      waitSeconds: {
        type: 'number',
        minimum: 0,
        maximum: MAX_WAIT_SECONDS,
        description: 'Wait up to this many seconds (at most 120) for the result.',
      },
    },
    required: ['prompt'],
  },
  midjourney_task: {
    type: 'object',
    properties: {
      taskId: { type: 'string', description: 'The task id a Midjourney tool returned.' },
      waitSeconds: {
        type: 'number',
        minimum: 0,
        maximum: MAX_WAIT_SECONDS,
        description: 'Wait up to this many seconds (at most 120) for the task to finish.',
      },
    },
    required: ['taskId'],
  },
  midjourney_action: {
    type: 'object',
    properties: {
      taskId: { type: 'string', description: 'The finished task whose button to press.' },
      button: {
        type: 'string',
        description: 'A button the task offers, by label (U2, Vary (Strong)) or customId.',
      },
      prompt: { type: 'string', description: 'For Custom Zoom and Remix: the prompt to send.' },
    },
    required: ['taskId', 'button'],
  },
  midjourney_describe: {
    type: 'object',
    properties: {
      imagePath: { type: 'string', description: 'A workspace image file to describe.' },
    },
    required: ['imagePath'],
  },
  midjourney_save: {
    type: 'object',
    properties: {
      taskId: { type: 'string', description: 'A finished task with an image.' },
      path: {
        type: 'string',
        description: 'Workspace-relative file or folder to save into (default: midjourney.saveFolder).',
      },
      quadrant: {
        type: 'number',
        minimum: 1,
        maximum: 4,
        description: 'Save one picture of a 2×2 grid (1 top left … 4 bottom right).',
      },
    },
    required: ['taskId'],
  },
};

function bad(message: string): MjError {
  return new MjError({ kind: 'business', message });
}

function obj(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw bad(t('The tool input must be an object.'));
  }
  return input as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, required: true): string;
function text(o: Record<string, unknown>, key: string, required: false): string | undefined;
function text(o: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(t('The tool input needs "{0}".', key));
    return undefined;
  }
  if (typeof v !== 'string') throw bad(t('"{0}" must be a string.', key));
  if (required && !v.trim()) throw bad(t('The tool input needs "{0}".', key));
  return v;
}

function seconds(o: Record<string, unknown>): number | undefined {
  const v = o.waitSeconds;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw bad(t('"waitSeconds" must be a number from 0 to {0}.', MAX_WAIT_SECONDS));
  }
  return Math.min(v, MAX_WAIT_SECONDS);
}

/** An id as servers write them: digits, letters, `-` and `_` only (it goes into a URL path). */
function taskId(o: Record<string, unknown>): string {
  const id = text(o, 'taskId', true).trim();
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw bad(t('"{0}" is not a task id.', id.slice(0, 64)));
  return id;
}

export function parseImagine(input: unknown): ImagineInput {
  const o = obj(input);
  const prompt = text(o, 'prompt', true).trim();
  let imagePaths: string[] | undefined;
  if (o.imagePaths !== undefined && o.imagePaths !== null) {
    if (!Array.isArray(o.imagePaths) || o.imagePaths.some((p) => typeof p !== 'string' || !p.trim())) {
      throw bad(t('"imagePaths" must be a list of file paths.'));
    }
    imagePaths = (o.imagePaths as string[]).map((p) => p.trim());
    if (imagePaths.length > 5) throw bad(t('At most {0} images can go with one prompt.', 5));
  }
  return { prompt, imagePaths: imagePaths?.length ? imagePaths : undefined, waitSeconds: seconds(o) };
}

export function parseTask(input: unknown): TaskInput {
  const o = obj(input);
  return { taskId: taskId(o), waitSeconds: seconds(o) };
}

export function parseAction(input: unknown): ActionInput {
  const o = obj(input);
  return { taskId: taskId(o), button: text(o, 'button', true).trim(), prompt: text(o, 'prompt', false) };
}

export function parseDescribe(input: unknown): DescribeInput {
  const o = obj(input);
  return { imagePath: text(o, 'imagePath', true).trim() };
}

export function parseSave(input: unknown): SaveInput {
  const o = obj(input);
  const q = o.quadrant;
  if (q !== undefined && q !== null && (typeof q !== 'number' || ![1, 2, 3, 4].includes(q))) {
    throw bad(t('"quadrant" must be 1, 2, 3 or 4.'));
  }
  return {
    taskId: taskId(o),
    path: text(o, 'path', false)?.trim(),
    quadrant: typeof q === 'number' ? q : undefined,
  };
}

/**
 * How many paid jobs an imagine prompt starts: Midjourney's `--repeat N` (or `--r N`) runs the prompt N
 * times; permutations `{a, b}` multiply. Anything else is one job.
 */
export function jobCount(prompt: string): number {
  let n = 1;
  const repeat = /(?:^|\s)--(?:repeat|r)\s+(\d{1,3})(?=\s|$)/i.exec(prompt);
  if (repeat) n *= Math.max(1, Number(repeat[1]));
  for (const m of prompt.matchAll(/\{([^{}]*)\}/g)) {
    const options = m[1].split(',').filter((s) => s.trim()).length;
    if (options > 1) n *= options;
  }
  return n;
}

/** Workspace paths from an agent: relative, inside the folder; `..` and absolute paths outside are refused. */
export function safeRelativePath(p: string): string[] {
  const parts = p.split(/[\\/]+/).filter((s) => s && s !== '.');
  if (parts.some((s) => s === '..')) throw bad(t('The path "{0}" leaves the workspace.', p.slice(0, 200)));
  return parts;
}

/** What each tool does, for the model (package.json's `modelDescription` says the same; a unit test compares). */
export const TOOL_DESCRIPTIONS: Record<AgentToolName, string> = {
  midjourney_imagine:
    'Submits one Midjourney imagine (a paid job the user confirms) and returns the task id. imagePaths are workspace image files used as image prompts. With waitSeconds (at most 120) it waits and returns the result: status, buttons (label [customId]) and the local file. The picture takes about a minute; call midjourney_task to wait longer.',
  midjourney_task:
    'Reads a Midjourney task: status, progress, the buttons the server offers (label [customId]), the local file of the result, parent and children. With waitSeconds (at most 120) it waits for the task to finish. Free: nothing is submitted.',
  midjourney_action:
    'Presses one button a finished Midjourney task offers (a paid job the user confirms), by label (U1…U4, V1…V4, Vary (Strong), Zoom Out 2x) or customId; returns the new task. Custom Zoom and Remix take prompt. A button the task does not offer is refused.',
  midjourney_describe:
    'Describes a workspace image with Midjourney (a paid job the user confirms) and returns four prompts that could make it.',
  midjourney_save:
    'Saves the picture of a finished Midjourney task into the workspace (default folder: the midjourney.saveFolder setting), or one quadrant (1-4) of a grid, and returns the workspace-relative path and a Markdown image line to use in Markdown, HTML or code. Free.',
};
