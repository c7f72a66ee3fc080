// The resolver settings dependency-cruiser reads as a webpack config: SvelteKit's import aliases, taken from
// web/svelte.config.js so they are declared once (its config validator refuses a `resolve` key of its own).
import path from 'node:path';
import svelteConfig from './web/svelte.config.js';

const web = path.join(import.meta.dirname, 'web');
const aliases = { $lib: 'src/lib', ...svelteConfig.kit.alias };

export default {
  resolve: { alias: Object.fromEntries(Object.entries(aliases).map(([name, dir]) => [name, path.resolve(web, dir)])) },
};
