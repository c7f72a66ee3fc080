// Compiles the server (server/, channels/ but the widget's browser client, knowledge-base/) into dist/ with esbuild:
// one ESM file per entry point plus shared chunks, npm packages left as imports, so that `npm ci --omit=dev` and
// dist/ run it (`node --enable-source-maps dist/server/main.js`). Type errors are `npx tsc --noEmit`'s job.
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { forgetInputs, recordInputs, root, serverEntryPoints } from './build-state.mjs';

forgetInputs('server');
rmSync(path.join(root, 'dist', 'server'), { recursive: true, force: true });
const { metafile } = await esbuild.build({
  absWorkingDir: root,
  entryPoints: serverEntryPoints,
  outbase: '.',
  outdir: 'dist',
  chunkNames: 'server/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
recordInputs(
  'server',
  Object.keys(metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
);
