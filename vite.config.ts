import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `base` is relative so the production build works from any sub-path (e.g. GitHub Pages);
// set BASE_PATH to pin an absolute one.
export default defineConfig({
  base: process.env.BASE_PATH ?? './',
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // the app, and the training worker's probe page (browser test and benchmark of the worker)
    rolldownOptions: { input: { main: page('index.html'), 'train-worker': page('bench/train-worker.html') } },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    globals: true,
    testTimeout: 60_000,
    setupFiles: ['tests/setup/i18n.ts'],
    projects: [
      // every test, on the kernel path the machine picks (WebAssembly SIMD in Node)
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.{ts,tsx}'] } },
      // the tests of the maths once more on the JavaScript reference kernels (src/core/kernels)
      {
        extends: true,
        test: {
          name: 'js-kernels',
          include: ['tests/{core,io,model,decode}/**/*.test.ts'],
          env: { SEQ2SEQ_KERNELS: 'js' },
        },
      },
    ],
  },
});
