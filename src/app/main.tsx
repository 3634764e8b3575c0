import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { kernelPath, kernelsReady, setKernels, type KernelChoice } from '../core';
import { startHashSync, useAppStore } from '../state';
import { App } from './App';
import './app.css';
import '../components/components.css';

// Fields of the link that could not be read, for a short notice (the rest of the link still applies).
let badHash: string[] = [];
const listeners = new Set<() => void>();
const setBadHash = (keys: string[]) => {
  badHash = keys;
  for (const l of listeners) l();
};

// The core's GEMM kernels run on WebAssembly SIMD where the browser has it, else on the
// JavaScript reference kernels; `?kernels=js` (or wasm, auto) in the URL forces a path.
// <html data-kernels="wasm|js"> says which one runs.
const kernelsParam = new URLSearchParams(window.location.search).get('kernels');
if (kernelsParam) {
  try {
    setKernels(kernelsParam as KernelChoice);
  } catch (e) {
    console.warn(`${e instanceof Error ? e.message : String(e)}; running on ${setKernels('auto')}`);
  }
}
document.documentElement.dataset.kernels = kernelPath();
void kernelsReady().then((path) => {
  document.documentElement.dataset.kernels = path;
});

// Load the shareable state from the URL hash before the first paint, then keep both in step.
startHashSync(useAppStore, window, setBadHash);

function Root() {
  const keys = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => badHash,
  );
  return <App badHash={keys} onDismissNotice={() => setBadHash([])} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
