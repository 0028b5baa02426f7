// The import graph of the repository's TypeScript, resolved as the compiler resolves it (tsconfig paths included),
// for the no-import-cycle lint rule. Type-only imports count: a cycle through types still ties two rooms together.
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const parsed = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  },
);
const options = parsed?.options ?? {};
const host = ts.createCompilerHost(options);
const edges = new Map();

/** The repository's own .ts files that `file` imports (never node_modules, never .d.ts); `text` overrides disk. */
export function importsOf(file, text = undefined) {
  let out = text === undefined ? edges.get(file) : undefined;
  if (out) return out;
  out = [];
  if (text === undefined) {
    edges.set(file, out);
    text = ts.sys.readFile(file);
  }
  if (text === undefined) return out;
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, options, host).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport || resolved.extension !== '.ts') continue;
    const target = path.resolve(resolved.resolvedFileName);
    if (target.startsWith(root) && !target.includes(`${path.sep}node_modules${path.sep}`)) out.push(target);
  }
  return out;
}

/**
 * A shortest import path from `file` back to itself, as repository-relative names, or undefined when none.
 * `text` is the file's source as the linter sees it (the rest of the graph is read from disk).
 */
export function cycleThrough(file, text = undefined) {
  const start = path.resolve(file);
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const next of current === start ? importsOf(start, text) : importsOf(current)) {
      if (next === start) {
        const chain = [start];
        for (let at = current; at !== undefined; at = previous.get(at)) chain.unshift(at);
        return chain.map((name) => path.relative(root, name));
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}
