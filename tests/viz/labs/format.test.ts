import { describe, expect, it } from 'vitest';
import { formatPercentSmall } from '../../../src/viz/labs/format';

describe('formatPercentSmall', () => {
  it('writes shares from 0.1% up with one decimal, and tiny shares with one significant digit', () => {
    expect(formatPercentSmall(1 / 27)).toBe('3.7%');
    expect(formatPercentSmall(0.001)).toBe('0.1%');
    expect(formatPercentSmall(1 / 30522)).toBe('0.003%');
    expect(formatPercentSmall(0)).toBe('0.0%');
    expect(formatPercentSmall(NaN)).toBe('—');
  });
});
