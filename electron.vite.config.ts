import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const out = resolve(root, 'out');

/**
 * Three builds from the top-level folders into out/: main (ESM, as package.json is "type":
 * "module"), preload and renderer.
 */
export default defineConfig({
  main: {
    // The slips' React renders with its production build: the packaged app has no NODE_ENV.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: {
      // Lets main open databases with better-sqlite3's Electron build (main/native/better-sqlite3.ts).
      alias: [
        { find: /^better-sqlite3$/, replacement: resolve(root, 'main/native/better-sqlite3.ts') },
      ],
    },
    build: {
      // better-sqlite3 itself is loaded at run time by that module (a require, not an import).
      externalizeDeps: { exclude: ['better-sqlite3'] },
      outDir: resolve(out, 'main'),
      rollupOptions: {
        input: { index: resolve(root, 'main/index.ts') },
        // Bundled libraries (zod) carry /*@__PURE__*/ comments Rollup cannot place; it drops them
        // and says so for each, which buries the build's real messages.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
          warn(warning);
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      // A sandboxed preload may require only `electron` (and a few built-ins): everything else
      // must be inside the one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // Electron runs a sandboxed preload as a classic CommonJS script; electron-vite would emit
        // ESM (.mjs) for a "type": "module" package. The .cjs name keeps Node from reading the
        // file as ESM anywhere else.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(out, 'renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
