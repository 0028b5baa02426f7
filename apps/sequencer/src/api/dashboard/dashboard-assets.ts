import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Content types of the files a Vite build emits. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** One built file, read into memory. */
export interface DashboardAsset {
  readonly contentType: string;
  readonly bytes: Buffer;
  /** Hashed file names never change: cache them for good. index.html must be revalidated. */
  readonly immutable: boolean;
}

/**
 * The dashboard's build (`npm run build` writes it to dist/dashboard with Vite): found beside the compiled node
 * (dist/apps/sequencer/src/api/dashboard -> dist/dashboard) or, when running from source, in the repository's
 * dist/. Undefined when it was not built.
 */
export function findDashboardDir(from = __dirname): string | undefined {
  const up = path.resolve(from, '..', '..', '..', '..', '..');
  return [path.join(up, 'dashboard'), path.join(up, 'dist', 'dashboard')].find((dir) =>
    existsSync(path.join(dir, 'index.html')),
  );
}

/**
 * Every file of the build, keyed by its path relative to `dir` with `/` separators ('index.html',
 * 'assets/index-1a2b.js'). Only these are served: a request can never name a file outside the build.
 */
export function loadDashboardAssets(dir: string): ReadonlyMap<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      const contentType = CONTENT_TYPES[path.extname(entry.name)];
      if (!entry.isFile() || contentType === undefined) continue;
      assets.set(name, {
        contentType,
        bytes: readFileSync(path.join(dir, name)),
        immutable: name.startsWith('assets/'),
      });
    }
  };
  walk('');
  return assets;
}
