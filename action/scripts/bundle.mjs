#!/usr/bin/env node
// Bundles the Action and everything it imports (@envelope/core from source, @actions/*, the AWS
// SDK) into one ESM file, dist/index.js, for `runs.using: node24`. Deterministic: no timestamps,
// no absolute paths, no sourcemap, so CI can rebuild and compare (check-dist).
//   node scripts/bundle.mjs            write dist/index.js
//   node scripts/bundle.mjs --check    fail when dist/index.js differs from a fresh build
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(here, '../shared/core');
const coreVersion = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')).version;
const out = join(here, 'dist/index.js');

// version.ts reads ../package.json at run time; inside the bundle that would be the wrong file.
const toolVersion = {
  name: 'tool-version',
  setup(b) {
    b.onLoad({ filter: /shared[\\/]core[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const TOOL_VERSION = ${JSON.stringify(coreVersion)};`, loader: 'ts' }));
  },
};

// hcl2json (the .tf parser the core uses for policy templates) reads its WASM from beside its own
// lib/; in the bundle it is dist/hcl2json.wasm.gz, shipped next to index.js.
const WASM = 'hcl2json.wasm.gz';
const wasmSource = join(here, '../node_modules/@cdktf/hcl2json/main.wasm.gz');
const hclWasm = {
  name: 'hcl2json-wasm',
  setup(b) {
    b.onLoad({ filter: /@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const from = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
      if (!text.includes(from)) throw new Error(`hcl2json changed: ${args.path} no longer loads ${from}`);
      return { contents: text.replace(from, `(0, path_1.join)(__envelopeDistDir, ${JSON.stringify(WASM)})`), loader: 'js' };
    });
  },
};

const result = await build({
  absWorkingDir: here,
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  write: false,
  metafile: process.argv.includes('--meta'),
  alias: { '@envelope/core': join(core, 'src/index.ts') },
  // CommonJS dependencies inside an ESM bundle call require() for node builtins.
  banner: {
    js: "import { createRequire as __envelopeCreateRequire } from 'node:module'; import { dirname as __envelopeDirname } from 'node:path'; import { fileURLToPath as __envelopeFileUrl } from 'node:url'; const require = __envelopeCreateRequire(import.meta.url); const __envelopeDistDir = __envelopeDirname(__envelopeFileUrl(import.meta.url));",
  },
  // wasm_exec polyfills `performance` only on Node versions without it; Node 24 has it.
  external: ['performance'],
  plugins: [toolVersion, hclWasm],
  logLevel: 'warning',
});
const text = result.outputFiles[0].text;
if (process.argv.includes('--meta')) writeFileSync(join(here, 'meta.json'), JSON.stringify(result.metafile));

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {
    /* missing: differs */
  }
  let wasm = Buffer.alloc(0);
  try {
    wasm = readFileSync(join(here, 'dist', WASM));
  } catch {
    /* missing: differs */
  }
  if (committed !== text || !wasm.equals(readFileSync(wasmSource))) {
    process.stderr.write('check-dist: action/dist/index.js differs from a fresh build of action/src. Run `npm run build -w @envelope/action` and commit action/dist.\n');
    process.exit(1);
  }
  process.stdout.write(`check-dist: action/dist/index.js matches a fresh build (${text.length} bytes)\n`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  writeFileSync(join(here, 'dist', WASM), readFileSync(wasmSource));
  process.stdout.write(`action/dist/index.js: ${(text.length / 1024).toFixed(0)} KiB\n`);
}
