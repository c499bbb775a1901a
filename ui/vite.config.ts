// Builds the web UI (ui/src) into ui/dist, served by the API on the same origin (api/static.ts).
// DKFDS exports only its JavaScript root module, so its built CSS and fonts are reached by path.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: { alias: { 'dkfds-dist': here('../node_modules/dkfds/dist') } },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  logLevel: 'warn',
});
