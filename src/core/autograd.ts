/**
 * Reverse-mode automatic differentiation over the tape the ops record
 * (micrograd style: every op file defines its backward right under its forward).
 *
 * An op whose inputs include a tensor with `requiresGrad` records its parents and
 * a closure that adds the output's gradient into theirs. `backward(loss)` walks
 * that graph in reverse topological order once.
 */
import { Tensor } from './tensor';

/** Fills `.grad` of every tensor that `root` depends on (root's own gradient is `seed`, default 1). */
export function backward(root: Tensor, seed?: Float32Array): void {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // iterative DFS (graphs of deep models overflow recursion)
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    if (i < t._parents.length) {
      top[1]++;
      const p = t._parents[i];
      if (!seen.has(p) && p.requiresGrad) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  if (seed) {
    if (seed.length !== root.size) throw new Error(`backward: seed has ${seed.length} elements, root has ${root.size}`);
    root.grad = Float32Array.from(seed);
  } else {
    root.grad = new Float32Array(root.size).fill(1);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    if (t._backward && t.grad) t._backward();
  }
}

/** Drops the tape below `root` so that the intermediate tensors can be collected. */
export function releaseGraph(root: Tensor): void {
  const stack = [root];
  const seen = new Set<Tensor>([root]);
  while (stack.length > 0) {
    const t = stack.pop()!;
    for (const p of t._parents) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
    const leaf = t._backward === null && t._parents.length === 0;
    t._parents = [];
    t._backward = null;
    if (!leaf && t !== root) t.grad = null;
  }
}
