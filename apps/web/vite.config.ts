import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const inNodeModules = /[\\/]node_modules[\\/]/;
const isAppCode = (id: string) => !inNodeModules.test(id);

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
    rolldownOptions: {
      output: {
        // The router loads each signed-in page (and the signed-in layout) on demand. Left to
        // itself, Rolldown then cuts the UI kit into dozens of tiny chunks, one per set of pages
        // sharing a component, and the first signed-in page waits on ~70 requests. These groups
        // keep it to a handful of cacheable chunks instead. `$initial` means "needed before the
        // first screen" (the entry's static imports: bootstrap, router, sign-in pages); groups
        // are matched by priority, so the later groups only see what the first screen does not
        // need.
        codeSplitting: {
          groups: [
            // React itself: every screen, rarely changes.
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 4,
            },
            // The part of Mantine the first screen needs (providers, notifications, the
            // sign-in form's inputs); the rest of the UI kit is in `ui`.
            {
              name: 'mantine',
              test: /[\\/]node_modules[\\/](@mantine|@floating-ui|react-remove-scroll[^\\/]*|react-transition-group|react-style-singleton|use-callback-ref|use-sidecar|get-nonce|clsx)[\\/]/,
              tags: ['$initial'],
              priority: 3,
            },
            // The other libraries the first screen needs: router, query, i18next, zod.
            { name: 'vendor', test: inNodeModules, tags: ['$initial'], priority: 2 },
            // The first screen's own code stays in the entry chunk.
            { name: 'index', test: isAppCode, tags: ['$initial'], priority: 2 },
            // Every other library (Mantine components, dates, spotlight, icons): one chunk,
            // fetched with the first signed-in page.
            { name: 'ui', test: inNodeModules, priority: 1 },
            // App code that two or more pages share (lists, drawers, forms).
            { name: 'shared', test: isAppCode, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
});
