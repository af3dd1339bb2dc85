import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Paths written by scripts/setup-vscode.sh: the Node 24 binary, code-server's entry script, Debian's chromium. */
export interface ToolPaths {
  node24: string;
  codeServer: string;
  chromium: string;
}

/** The repository root, found from this file's place in either test/vscode (ts) or out/test/vscode (js). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'midjourney-studio')
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No midjourney-studio package.json above ${start}`);
    dir = parent;
  }
}

/** The cache setup-vscode.sh installs into; MJS_CACHE overrides it the same way there. */
export function cacheDir(): string {
  return process.env.MJS_CACHE ?? path.join(os.homedir(), '.cache', 'midjourney-studio');
}

/** Reads env.json, failing with the one command that fixes it rather than a bare ENOENT. */
export function toolPaths(): ToolPaths {
  const file = path.join(cacheDir(), 'env.json');
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: run \`bash scripts/setup-vscode.sh\` first.`);
  const tools = JSON.parse(fs.readFileSync(file, 'utf8')) as ToolPaths;
  for (const [name, p] of Object.entries(tools)) {
    if (typeof p !== 'string' || !fs.existsSync(p)) {
      throw new Error(
        `${name} (${String(p)}) from ${file} does not exist: run \`bash scripts/setup-vscode.sh\`.`,
      );
    }
  }
  return tools;
}

/** The VS Code version code-server embeds (lib/vscode/package.json next to its entry script). */
export function vscodeVersion(): string {
  const pkg = path.join(path.dirname(toolPaths().codeServer), '..', '..', 'lib', 'vscode', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}
