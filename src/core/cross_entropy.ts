/**
 * Cross-entropy of logits [..., V] against integer targets (one per row), as
 * torch.nn.functional.cross_entropy with `ignore_index` and `label_smoothing`:
 *   loss_i = (1 - ε) · (−log p_i[y_i]) + ε · mean_c(−log p_i[c])
 * averaged over the rows whose target is not `ignoreIndex`. A batch where every
 * target is ignored has loss 0 (PyTorch gives NaN).
 */
import { Tensor, fmtShape, gradOf, needsGrad, record } from './tensor';
import { logSoftmax } from './log_softmax';

export interface CrossEntropyOptions {
  ignoreIndex?: number;
  labelSmoothing?: number;
}

export interface CrossEntropyResult {
  /** scalar loss [] */
  loss: Tensor;
  /** log-probabilities [..., V] */
  logProbs: Tensor;
  /** rows that counted */
  count: number;
}

export function crossEntropy(logits: Tensor, targets: ArrayLike<number>, opts: CrossEntropyOptions = {}): CrossEntropyResult {
  if (logits.rank < 1) throw new Error('crossEntropy: logits need a class axis, shape is []');
  const V = logits.shape[logits.rank - 1];
  const rows = V === 0 ? 0 : logits.size / V;
  if (targets.length !== rows) {
    throw new Error(`crossEntropy: ${targets.length} targets for logits of shape ${fmtShape(logits.shape)} (${rows} rows)`);
  }
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new Error(`crossEntropy: label smoothing must be in [0, 1], got ${eps}`);
  const ignore = opts.ignoreIndex ?? -100;
  const lp = logSoftmax(logits);
  let total = 0, count = 0;
  for (let r = 0; r < rows; r++) {
    const y = targets[r];
    if (y === ignore) continue;
    if (!Number.isInteger(y) || y < 0 || y >= V) throw new Error(`crossEntropy: target ${y} is outside the ${V} classes`);
    const o = r * V;
    let l = -(1 - eps) * lp.data[o + y];
    if (eps > 0) {
      let s = 0;
      for (let c = 0; c < V; c++) s += lp.data[o + c];
      l -= (eps * s) / V;
    }
    total += l;
    count++;
  }
  const loss = new Tensor([], Float32Array.of(count === 0 ? 0 : total / count));
  if (needsGrad(logits) && count > 0) {
    // fused backward: d loss / d logits_row = (softmax(row) − q) / count,
    // q = (1 − ε)·onehot(y) + ε/V; ignored rows get no gradient
    record(loss, [logits], () => {
      const g = loss.grad![0] / count, gl = gradOf(logits);
      for (let r = 0; r < rows; r++) {
        const y = targets[r];
        if (y === ignore) continue;
        const o = r * V;
        for (let c = 0; c < V; c++) gl[o + c] += g * (Math.exp(lp.data[o + c]) - eps / V);
        gl[o + y] -= g * (1 - eps);
      }
    });
  }
  return { loss, logProbs: lp, count };
}
