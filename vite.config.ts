// The web console: Vite root web/, built to dist/web, which `meshlock serve` serves. In development
// (`npx vite`), API calls go to a console started with `meshlock serve --port 20001`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The console is served from the same process; one chunk per vendor family keeps reloads cheap.
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:20001' } },
});
