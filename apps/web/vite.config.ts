import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app is served by the Keel server in production (from `dist`); in development Vite
 * serves it on 5173 and forwards `/api` to the server on 3000 so cookies stay same-origin.
 */
export default defineConfig({
  plugins: [react()],
  // @keel/contracts is TypeScript source whose files import each other as `./x.js`; Vite maps
  // those to the `.ts` files itself when the importer is TypeScript, so no alias is needed.
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
