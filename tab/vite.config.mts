// The tab: built into dist/tab and served by the server under /tab.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/tab/',
  build: {
    outDir: '../dist/tab',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle is fine: `npm run bench` holds its gzip size to the 350 KB budget.
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // Fluent's "use client" markers are for React Server Components; a client bundle has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { fs: { allow: ['..'] } },
});
