import { defineConfig } from 'vite';

/**
 * The dashboard's build: `npm run build:dashboard` (chained into `npm run build`) bundles it into dist/dashboard,
 * which every sequencer serves at /dashboard. Paths are relative to the repository root, where npm runs scripts.
 */
export default defineConfig({
  root: 'apps/dashboard',
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: '../../dist/dashboard',
    emptyOutDir: true,
    target: 'es2022',
    // One page: everything in one script and one stylesheet, no runtime loader.
    modulePreload: false,
    assetsInlineLimit: 8192,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite --config apps/dashboard/vite.config.mts` while a node runs on 50001: the page with live reload.
    proxy: { '/v0': { target: 'http://127.0.0.1:50001', ws: true }, '/healthz': 'http://127.0.0.1:50001' },
  },
});
