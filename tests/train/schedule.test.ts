import { noamRate, samplingProbability, SAMPLING_SCHEDULES } from '../../src/train';

describe('learning-rate schedule', () => {
  it('noamRate rises linearly during warm-up and peaks at the warm-up step', () => {
    const d = 64, w = 400;
    expect(noamRate(100, d, w)).toBeCloseTo(noamRate(400, d, w) / 4, 10);
    expect(noamRate(400, d, w)).toBeCloseTo(Math.pow(64, -0.5) * Math.pow(400, -0.5), 12);
    expect(noamRate(399, d, w)).toBeLessThan(noamRate(400, d, w));
    expect(noamRate(401, d, w)).toBeLessThan(noamRate(400, d, w));
  });

  it('noamRate decays as one over the square root of the step after warm-up, scaled by the factor', () => {
    expect(noamRate(1600, 64, 400) / noamRate(400, 64, 400)).toBeCloseTo(0.5, 10);
    expect(noamRate(1000, 64, 400, 0.3)).toBeCloseTo(0.3 * noamRate(1000, 64, 400), 12);
  });
});

describe('scheduled sampling', () => {
  it('every schedule starts at zero, never decreases and stays within the cap', () => {
    for (const schedule of SAMPLING_SCHEDULES) {
      let prev = -1;
      for (let s = 0; s <= 1000; s += 10) {
        const p = samplingProbability(s, { schedule, totalSteps: 1000, maxSampling: 0.3 });
        expect(p).toBeGreaterThanOrEqual(prev - 1e-12);
        expect(p).toBeLessThanOrEqual(0.3 + 1e-12);
        prev = p;
      }
      expect(samplingProbability(0, { schedule, totalSteps: 1000, maxSampling: 0.3 })).toBeLessThan(0.01);
    }
  });

  it('the linear schedule reaches its cap at the last step', () => {
    expect(samplingProbability(500, { schedule: 'linear', totalSteps: 1000, maxSampling: 0.2 })).toBeCloseTo(0.1, 10);
    expect(samplingProbability(1000, { schedule: 'linear', totalSteps: 1000, maxSampling: 0.2 })).toBeCloseTo(0.2, 10);
  });

  it('the inverse-sigmoid schedule follows k / (k + exp(i / k))', () => {
    const k = 50, i = 120;
    expect(samplingProbability(i, { schedule: 'inverse-sigmoid', totalSteps: 500, k, maxSampling: 1 })).toBeCloseTo(1 - k / (k + Math.exp(i / k)), 12);
  });
});
