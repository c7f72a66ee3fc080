import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The console is a single-page app: one fallback page, every route rendered in the browser. */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false }),
    // Types shared with the server (event maps, presented shapes); type-only imports, nothing bundled.
    alias: { $realtime: '../server/realtime', $server: '../server', $channels: '../channels' },
    version: { pollInterval: 0 },
  },
};
