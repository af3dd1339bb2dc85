// The TypeScript import graph of the sources and the loops in it. Used by test/unit/layers.test.ts and runnable
// by hand: `npm run -s compile-tests && node out/scripts/importGraph.js` prints every loop in src/ and sim/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Files (relative to the root, with `/`) mapped to the files they import, type-only imports included. */
export type ImportGraph = Map<string, string[]>;

function listTs(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listTs(root, rel, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
}

/** The module specifiers a file names: import/export … from, import x = require(), require() and import(). */
export function specifiers(fileName: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The graph of the `.ts` files under `dirs`; only relative imports that resolve to one of them are edges. */
export function importGraph(root: string, dirs: string[]): ImportGraph {
  const files: string[] = [];
  for (const d of dirs) listTs(root, d, files);
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const spec of specifiers(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const hit = [base, `${base}.ts`, `${base}/index.ts`].find((c) => known.has(c));
      if (hit) targets.add(hit);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * The import loops: every strongly connected component with more than one file (or a file importing itself),
 * each given as one loop through it, starting at its first file in sort order so the output is stable.
 */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return components.map((c) => loopThrough(graph, new Set(c), c[0])).sort((a, b) => a[0].localeCompare(b[0]));
}

/** A shortest loop from `start` back to itself inside one component (breadth-first), ending with `start` again. */
function loopThrough(graph: ImportGraph, inside: Set<string>, start: string): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const loop = [start];
        for (let u = v; u !== start; u = from.get(u)!) loop.splice(1, 0, u);
        return [...loop, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  const cycles = importCycles(importGraph(root, ['src', 'sim']));
  for (const c of cycles) console.log(c.join(' → '));
  console.log(cycles.length === 0 ? 'No import loops in src/ or sim/.' : `${cycles.length} import loop(s).`);
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
