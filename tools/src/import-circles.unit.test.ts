import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { importsOf, repoRoot, workspaces, workspaceSources } from './testing/workspace-sources.js';

/** A relative specifier as the file it names (`./x.js` is `./x.ts` in source; a folder is its index). */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((file) => existsSync(file));
}

function importGraph(): Map<string, string[]> {
  const files = workspaces().flatMap(workspaceSources);
  return new Map(files.map((file) => [file, importsOf(file).filter((specifier) => specifier.startsWith('.')).flatMap((specifier) => resolve(file, specifier) ?? [])]));
}

/** Strongly connected components of more than one file (Tarjan): every set of files that import each other round. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1) found.push(component);
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

describe('import circles', () => {
  it('finds a circle where files import each other round', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(circles(graph).map((circle) => circle.sort()), [['a', 'b', 'c']]);
  });

  it('no source file imports itself back through others', () => {
    const named = circles(importGraph()).map((circle) => circle.map((file) => path.relative(repoRoot, file)).sort().join(' ')).sort();
    assert.deepEqual(named, []);
  });
});
