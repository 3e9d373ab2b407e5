#!/usr/bin/env node
// Bundles the harness's frontend (src/app) with esbuild into dist-app/: index.html, index.js and
// its chunks. No Backstage CLI/webpack: the plugin packages are plain ESM, and so is this app.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist-app');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = Date.now();
const result = await build({
  entryPoints: [join(here, '..', 'src', 'app', 'index.tsx')],
  outdir: out,
  entryNames: 'index',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  jsx: 'automatic',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.APP_CONFIG': 'undefined', global: 'globalThis' },
  loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
});
copyFileSync(join(here, '..', 'src', 'app', 'index.html'), join(out, 'index.html'));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`dev harness frontend: ${(bytes / 1e6).toFixed(2)} MB in ${Object.keys(result.metafile.outputs).length} files, ${Date.now() - started} ms`);
