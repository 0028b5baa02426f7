// ESLint rule `local/no-unused-library-export`, for libs/*/src/index.ts: every name a library exports must be used
// by some file outside that library (apps, other libs, tests, benches, scripts). A name only the library itself
// uses is its inside, and exporting it invites other rooms to depend on what may change (issue 22).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SOURCE_DIRS = ['apps', 'libs', 'test', 'bench', 'scripts'];
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
/** This rule's own test names exports to check the rule; that is not a use. */
const NOT_A_USE = 'test/lint/library-exports.spec.ts';

/** Identifiers per repository-relative .ts file, read once per lint run (file text overrides come from ESLint). */
let identifiersByFile;

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function identifiersIn(text) {
  return new Set(text.match(IDENTIFIER) ?? []);
}

function allIdentifiers() {
  if (!identifiersByFile) {
    identifiersByFile = new Map();
    for (const dir of SOURCE_DIRS) {
      for (const file of walk(path.join(root, dir), [])) {
        identifiersByFile.set(path.relative(root, file), identifiersIn(readFileSync(file, 'utf8')));
      }
    }
  }
  return identifiersByFile;
}

/** Whether a file outside `libDir` (repository-relative, with a trailing slash) mentions `name`. */
export function usedOutside(name, libDir) {
  for (const [file, identifiers] of allIdentifiers()) {
    if (!file.startsWith(libDir) && file !== NOT_A_USE && identifiers.has(name)) return true;
  }
  return false;
}

export const noUnusedLibraryExport = {
  meta: {
    type: 'problem',
    docs: { description: 'a library index exports only what other rooms use' },
    schema: [],
    messages: {
      unused: '{{name}} is exported by {{lib}} but used by no file outside it: stop exporting it.',
      wildcard: 'Name what {{lib}} exports: export * hides what other rooms depend on.',
    },
  },
  create(context) {
    const file = path.relative(root, context.filename);
    const match = /^(libs\/[^/]+\/)src\/index\.ts$/.exec(file);
    if (!match) return {};
    const libDir = match[1];
    return {
      ExportAllDeclaration(node) {
        context.report({ node, messageId: 'wildcard', data: { lib: libDir } });
      },
      ExportNamedDeclaration(node) {
        for (const specifier of node.specifiers) {
          const name = specifier.exported.name ?? specifier.exported.value;
          if (!usedOutside(name, libDir)) {
            context.report({ node: specifier, messageId: 'unused', data: { name, lib: libDir } });
          }
        }
      },
    };
  },
};
