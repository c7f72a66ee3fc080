import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { recordInputsPlugin } from '../scripts/build-state.mjs';

/** layerchart imports a d3 function it never uses: a warning on every build about a dependency's code, not ours. */
function quietDependencyWarnings(): Plugin {
  return {
    name: 'switchboard:quiet-dependency-warnings',
    apply: 'build',
    onLog: (_level, log) => !(log.code === 'UNUSED_EXTERNAL_IMPORT' && log.ids?.every((id) => id.includes('/node_modules/'))),
  };
}

export default defineConfig({
  plugins: [sveltekit(), recordInputsPlugin('console'), quietDependencyWarnings()],
  server: {
    fs: { allow: ['..'] },
    // `npm run dev` in web/ talks to a server started with `npm run dev` at the root.
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'http://127.0.0.1:3000', ws: true } },
  },
  build: { chunkSizeWarningLimit: 600 },
});
