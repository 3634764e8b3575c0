import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `base` is relative so the production build works from any sub-path (e.g. GitHub Pages);
// set BASE_PATH to pin an absolute one.
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react()],
  build: { target: 'es2022', sourcemap: false },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    globals: true,
    testTimeout: 60_000,
  },
});
