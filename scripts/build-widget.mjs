// Builds the embeddable chat widget (channels/widget/client/) into one script: channels/widget/client/dist/widget.js.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { forgetInputs, root } from './build-state.mjs';

const client = path.join(root, 'channels', 'widget', 'client');
forgetInputs('widget');
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    path.join(client, 'vite.config.ts'),
    '--logLevel',
    'warn',
  ],
  {
    cwd: client,
    stdio: 'inherit',
    // Vite keeps an inherited NODE_ENV (vitest sets "test"), which would bundle Svelte's development runtime.
    env: { ...process.env, NODE_ENV: 'production' },
  },
);
const bundle = readFileSync(path.join(client, 'dist', 'widget.js'));
console.log(
  `build: widget.js ${(bundle.length / 1024).toFixed(1)} KB, ${(gzipSync(bundle, { level: 9 }).length / 1024).toFixed(1)} KB gzipped`,
);
