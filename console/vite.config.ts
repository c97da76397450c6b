import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `npm run dev -w @inventory/console`: the console with hot reload on :5173, its API calls proxied to
 * the gateway of a running `npm start` (GATEWAY_URL to point elsewhere). `vite build` writes dist/,
 * which the gateway serves at / (CONSOLE_DIR).
 */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
});
