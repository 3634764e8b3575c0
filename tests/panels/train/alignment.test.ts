import { reverseAlignment } from '../../../src/panels/train/AttentionPart';
import type { AttentionMap } from '../../../src/labs/train';

/** A cross-attention map of one head: rows decoder positions (<bos> + 3 letters), columns 3 letters + <eos>. */
function map(rows: number[][]): AttentionMap {
  return {
    kind: 'cross', side: 'dec', layer: 0, heads: 1, rows: rows.length, cols: rows[0].length,
    rowTokens: ['<bos>', 'c', 'b', 'a'], colTokens: ['a', 'b', 'c', '<eos>'], data: Float32Array.from(rows.flat()),
  };
}

describe('the share of attention on reverse’s alignment', () => {
  it('is 1 when every output reads its letter from the end and <eos> reads <eos>', () => {
    expect(reverseAlignment(map([[0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]]), 0)).toBe(1);
  });

  it('is the mean weight on those cells', () => {
    const uniform = map([[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]);
    expect(reverseAlignment(uniform, 0)).toBeCloseTo(0.25, 6);
    expect(reverseAlignment(map([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), 0)).toBeCloseTo(0.5, 6);
  });
});
