/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The API server of `pnpm dev`; REST, Socket.IO and the collab WebSocket all live on its one port.
const DEFAULT_API_ORIGIN = 'http://127.0.0.1:3000';

export default defineConfig(({ mode }) => {
  // An empty prefix reads SERANTAU_API_ORIGIN from the environment or a .env file without exposing it
  // to client code (only VITE_* variables reach the bundle).
  const env = loadEnv(mode, root, '');
  const apiOrigin = env.SERANTAU_API_ORIGIN || DEFAULT_API_ORIGIN;

  return {
    root,
    plugins: [react()],
    server: {
      port: 5173,
      strictPort: true,
      proxy: {
        '/api': { target: apiOrigin, changeOrigin: false },
        '/socket.io': { target: apiOrigin, ws: true, changeOrigin: false },
        '/collab': { target: apiOrigin, ws: true, changeOrigin: false },
      },
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // Production runs under `default-src 'self'`: no inline scripts (the modulepreload polyfill)
      // and no assets turned into data: URLs where the CSP might not allow them.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
      rolldownOptions: {
        output: {
          // Libraries change far less often than the app: separate chunks stay cached across releases.
          codeSplitting: {
            groups: [
              {
                name: 'react',
                test: /[\\/]node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
                priority: 20,
              },
              { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 10 },
            ],
          },
        },
      },
    },
    test: {
      setupFiles: ['./src/test/setup.ts'],
    },
  };
});
