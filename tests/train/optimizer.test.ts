import { Tensor, param } from '../../src/core';
import { Adam, clipGradNorm } from '../../src/train';

describe('Adam', () => {
  it('takes a first step of size lr against the sign of the gradient (bias correction)', () => {
    const w = param(new Tensor([3], Float32Array.from([1, -2, 3])));
    const opt = new Adam([w]);
    w.grad = Float32Array.from([0.5, -4, 0]);
    opt.update(0.1);
    expect(w.data[0]).toBeCloseTo(0.9, 6);
    expect(w.data[1]).toBeCloseTo(-1.9, 6);
    expect(w.data[2]).toBe(3);
  });

  it('matches a float64 re-computation over several steps', () => {
    const w = param(new Tensor([1], Float32Array.from([0.5])));
    const opt = new Adam([w], { beta1: 0.9, beta2: 0.98, eps: 1e-9 });
    let m = 0, v = 0, x = 0.5;
    for (let t = 1; t <= 5; t++) {
      const g = 2 * x - 1; // gradient of (x − 0.5)² + x·0 … any deterministic function
      w.grad = Float32Array.of(2 * w.data[0] - 1);
      opt.update(0.01);
      m = 0.9 * m + 0.1 * g;
      v = 0.98 * v + 0.02 * g * g;
      x -= (0.01 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.98 ** t)) + 1e-9);
      x = Math.fround(x);
    }
    expect(w.data[0]).toBeCloseTo(x, 6);
  });

  it('zeroGrad clears the gradients', () => {
    const w = param(new Tensor([2]));
    w.grad = Float32Array.of(1, 2);
    new Adam([w]).zeroGrad();
    expect(w.grad).toBeNull();
  });
});

describe('gradient clipping', () => {
  it('scales all gradients together so that the global norm is the limit, and returns the norm before', () => {
    const a = param(new Tensor([2])), b = param(new Tensor([1]));
    a.grad = Float32Array.of(3, 0);
    b.grad = Float32Array.of(4);
    const norm = clipGradNorm([a, b], 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(a.grad[0]).toBeCloseTo(0.6, 5);
    expect(b.grad[0]).toBeCloseTo(0.8, 5);
  });

  it('leaves gradients under the limit alone', () => {
    const a = param(new Tensor([2]));
    a.grad = Float32Array.of(0.3, 0.4);
    clipGradNorm([a], 1);
    expect([...a.grad]).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });
});
