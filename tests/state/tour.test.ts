import { formatHash, parseHash, resetAppState, useAppStore, DEFAULT_SOURCE } from '../../src/state';

afterEach(() => resetAppState());

describe('tour state in the URL hash', () => {
  it('task, step, layer, head, figure and presentation round-trip through the hash', () => {
    const s = { ...useAppStore.getState(), task: 'date' as const, source: '22/11/2026', step: 41, layer: 1, head: 3, figure: 'lines' as const, presenting: true };
    const hash = formatHash(s);
    expect(hash).toContain('task=date');
    expect(hash).toContain('step=42');
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({ task: 'date', source: '22/11/2026', step: 41, layer: 1, head: 3, figure: 'lines', presenting: true });
  });

  it('the first step, layer 0, head 0 and the heatmap are the defaults and stay out of the hash', () => {
    expect(formatHash(useAppStore.getState())).toBe('');
    expect(parseHash('').state).toMatchObject({ task: 'reverse', step: 0, layer: 0, head: 0, figure: 'heatmap', presenting: false });
  });

  it('malformed values fall back to the start and are reported', () => {
    for (const [hash, key] of [
      ['#step=0', 'step'], ['#step=-3', 'step'], ['#step=1.5', 'step'], ['#step=abc', 'step'], ['#step=99999999', 'step'], ['#step=007', 'step'],
      ['#layer=x', 'layer'], ['#layer=64', 'layer'], ['#head=-1', 'head'], ['#task=poetry', 'task'], ['#fig=pie', 'fig'], ['#present=yes', 'present'],
    ] as const) {
      const { state, malformed } = parseHash(hash);
      expect(malformed, hash).toEqual([key]);
      expect(state).toMatchObject({ step: 0, layer: 0, head: 0, task: 'reverse', figure: 'heatmap', presenting: false });
    }
  });

  it('choosing a task puts its example in the source box and starts the walk again', () => {
    useAppStore.getState().setStep(30, 1);
    useAppStore.getState().setTask('zh-numerals');
    expect(useAppStore.getState()).toMatchObject({ task: 'zh-numerals', source: '10010000', step: 0 });
  });

  it('the default source is an input of the default task', () => {
    expect(DEFAULT_SOURCE).toBe('transformer');
    expect(useAppStore.getState().task).toBe('reverse');
  });

  it('steps, layers and heads are never negative or fractional', () => {
    const s = useAppStore.getState();
    s.setStep(-4);
    s.setLayer(2.7);
    s.setHead(Number.NaN);
    expect(useAppStore.getState()).toMatchObject({ step: 0, layer: 2, head: 0 });
  });
});
