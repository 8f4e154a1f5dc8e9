/**
 * No module under src/ reaches itself through its imports, type-only imports included: a cycle
 * means two modules that cannot be read, tested or moved apart. The import graph is TypeScript's
 * own reading of each file (`preProcessFile`), resolved the way the project writes specifiers
 * (`./x.js` for `./x.ts`).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers/proxy-process.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `./x.js` → `./x.ts`, `./x` → `./x.ts` or `./x/index.ts`; null for a package or an asset. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((path) => existsSync(path) && path.endsWith('.ts')) ?? null;
}

function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(file, [...new Set(importedFiles.flatMap(({ fileName }) => resolveImport(file, fileName) ?? []))]);
  }
  return graph;
}

/** One cycle per strongly connected component of more than one module (or a module importing itself), as a path. */
function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a project's depth.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return components.map((component) => cyclePath(graph, component));
}

/** A path through the component back to its start: what to read to see the cycle. */
function cyclePath(graph: Map<string, string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[component.length - 1]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

test('the import graph under src/ has no cycle', () => {
  const graph = importGraph(join(ROOT, 'src'));
  assert.ok(graph.size > 100, `sanity: the sources are found (${graph.size})`);
  const cycles = importCycles(graph).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' → '));
  assert.deepEqual(cycles, []);
});

test('the cycle finder finds a cycle through type-only imports and a module importing itself, and no cycle in a chain', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
    ['e', ['e']],
    ['f', ['d']],
  ]);
  assert.deepEqual(importCycles(graph).map((cycle) => cycle.join(' → ')).sort(), ['a → b → c → a', 'e → e']);
  assert.deepEqual(importCycles(new Map([['x', ['y']], ['y', []]])), []);
  const [types] = ts.preProcessFile("import type { A } from './a.js';\nexport { b } from './b.js';\nconst c = await import('./c.js');", true, true).importedFiles.map((f) => f.fileName).join(' ').split('\n');
  assert.equal(types, './a.js ./b.js ./c.js');
});
