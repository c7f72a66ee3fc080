import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { recordInputsPlugin } from '../../../scripts/build-state.mjs';

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
