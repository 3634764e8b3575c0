import { describe, expect, it } from 'vitest';
import { titleReadsHorizontally } from '../../../src/viz/labs/axis';

describe('titleReadsHorizontally', () => {
  it('sets Chinese titles horizontally and turns Latin ones', () => {
    expect(titleReadsHorizontally('标准差')).toBe(true);
    expect(titleReadsHorizontally('熵（nats）')).toBe(true);
    expect(titleReadsHorizontally('standard deviation')).toBe(false);
    expect(titleReadsHorizontally('PE[3] · PE[j]')).toBe(false);
  });
});
