import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { recordInputsPlugin } from '../../../scripts/build-state.mjs';

/**
 * engine.io-client bundles a WebTransport transport that is only tried when the server offers it, which ours never
 * does (socket.io upgrades to websocket): dropping it saves ~0.9 KB gzipped on every site that embeds the chat.
 */
function withoutWebTransport(): Plugin {
  return {
    name: 'widget-without-webtransport',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('engine.io-client/build/esm/transports/index.js')) return null;
      const out = code.replace(/^import \{ WT \}.*$/m, '').replace(/^\s*webtransport: WT,$/m, '');
      if (out.includes('WT')) throw new Error('engine.io-client changed its transports index: update withoutWebTransport()');
      return { code: out, map: null };
    },
  };
}

/**
 * The embeddable widget: one self-contained IIFE (no chunks, no CSS file: component styles are injected into
 * the widget's shadow root), built into dist/widget.js and served by the server at /widget.js.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    svelte({
      configFile: false,
      compilerOptions: { css: 'injected', discloseVersion: false, cssHash: ({ hash, css }) => `s${hash(css)}` },
    }),
    recordInputsPlugin('widget'),
    withoutWebTransport(),
  ],
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // terser's output is ~1.5 KB (gzipped) smaller than esbuild's on this bundle: every site embedding it pays for it.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 } },
    reportCompressedSize: true,
    lib: {
      entry: path.join(import.meta.dirname, 'src', 'main.ts'),
      formats: ['iife'],
      name: 'SwitchboardWidget',
      fileName: () => 'widget.js',
    },
  },
});
