// Which kernel path this test run uses: the `unit` project runs on the machine's choice
// (WebAssembly SIMD under Node), the `js-kernels` project sets SEQ2SEQ_KERNELS=js
// (vite.config.ts), so that the tests of the maths run on both paths.
import { describe, expect, it } from 'vitest';
import { describeKernels, kernelPath } from '../../../src/core';

describe('kernel path of this run', () => {
  it('is the one SEQ2SEQ_KERNELS names, and WebAssembly SIMD when it names none', () => {
    const env = process.env.SEQ2SEQ_KERNELS;
    expect(kernelPath()).toBe(env === 'js' ? 'js' : 'wasm');
    expect(describeKernels()).toMatch(env === 'js' ? /^js / : /^wasm /);
  });
});
