import { formatHash, parseHash, resetAppState, useAppStore, DEFAULT_SOURCE, startHashSync } from '../../src/state';

afterEach(() => resetAppState());

describe('tour state in the URL hash', () => {
  it('task, step, head, figure and presentation round-trip through the hash, steps and heads counted from 1', () => {
    const s = { ...useAppStore.getState(), task: 'date' as const, source: '22/11/2026', step: 41, head: 3, figure: 'lines' as const, presenting: true };
    const hash = formatHash(s);
    expect(hash).toContain('task=date');
    expect(hash).toContain('step=42');
    expect(hash).toContain('head=4');
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({ task: 'date', source: '22/11/2026', step: 41, head: 3, figure: 'lines', presenting: true });
  });

  it('the first step, head 1 and the heatmap are the defaults and stay out of the hash', () => {
    expect(formatHash(useAppStore.getState())).toBe('');
    expect(parseHash('').state).toMatchObject({ task: 'reverse', step: 0, head: 0, figure: 'heatmap', presenting: false });
  });

  it('malformed values fall back to the start and are reported', () => {
    for (const [hash, key] of [
      ['#step=0', 'step'], ['#step=-3', 'step'], ['#step=1.5', 'step'], ['#step=abc', 'step'], ['#step=99999999', 'step'], ['#step=007', 'step'],
      ['#head=0', 'head'], ['#head=-1', 'head'], ['#head=65', 'head'], ['#task=poetry', 'task'], ['#fig=pie', 'fig'], ['#present=yes', 'present'],
    ] as const) {
      const { state, malformed } = parseHash(hash);
      expect(malformed, hash).toEqual([key]);
      expect(state).toMatchObject({ step: 0, head: 0, task: 'reverse', figure: 'heatmap', presenting: false });
    }
  });

  it('a malformed head drops only the head: the step of the link stays', () => {
    const { state, malformed } = parseHash('#step=17&head=x');
    expect(malformed).toEqual(['head']);
    expect(state).toMatchObject({ step: 16, head: 0 });
  });

  it('a link that names a task but no source opens that task with its own example', () => {
    expect(parseHash('#task=sort').state).toMatchObject({ task: 'sort', source: '31415926' });
    expect(parseHash('#task=date&step=3').state).toMatchObject({ task: 'date', source: 'nov 22, 2026', step: 2 });
    // with a source, the source of the link is kept
    expect(parseHash('#task=sort&src=8142').state).toMatchObject({ task: 'sort', source: '8142' });
  });

  it('the address bar shows the corrected link after loading: malformed fields and old keys are dropped', () => {
    const replaced: string[] = [];
    const win = {
      location: { hash: '#task=sort&step=abc&layer=1&head=2', pathname: '/', search: '' },
      history: { replaceState: (_d: unknown, _u: string, url?: string) => { replaced.push(url ?? ''); win.location.hash = (url ?? '').replace(/^[^#]*/, ''); } },
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    const bad: string[][] = [];
    const stop = startHashSync(useAppStore, win, (k) => bad.push(k));
    stop();
    expect(bad).toEqual([['step']]);
    expect(win.location.hash).toBe('#src=31415926&task=sort&head=2');
  });

  it('choosing a task puts its example in the source box and starts the walk again', () => {
    useAppStore.getState().setStep(30);
    useAppStore.getState().setTask('zh-numerals');
    expect(useAppStore.getState()).toMatchObject({ task: 'zh-numerals', source: '10010000', step: 0 });
  });

  it('the default source is an input of the default task', () => {
    expect(DEFAULT_SOURCE).toBe('transformer');
    expect(useAppStore.getState().task).toBe('reverse');
  });

  it('steps and heads are never negative or fractional', () => {
    const s = useAppStore.getState();
    s.setStep(-4);
    s.setHead(Number.NaN);
    expect(useAppStore.getState()).toMatchObject({ step: 0, head: 0 });
    s.setStep(2.7);
    expect(useAppStore.getState().step).toBe(2);
  });
});
