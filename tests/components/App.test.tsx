// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { resetAppState, useAppStore } from '../../src/state';
import { App } from '../../src/app/App';
import { setModelLoader } from '../../src/panels/tour/useBundle';
import { fakeLoader, smallBundle } from '../tour/helpers';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
  setModelLoader(fakeLoader([smallBundle('reverse', 2)]));
});
afterEach(() => {
  cleanup(); // unmount before the store changes, so no update lands outside act()
  resetAppState();
  vi.restoreAllMocks();
});

describe('App', { timeout: 30_000 }, () => {
  it('shows the product name in the page heading', () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeTruthy();
  });

  it('switching language changes the panel heading and the page language', () => {
    useAppStore.setState({ view: 'trace' });
    render(<App />);
    expect(screen.getByRole('heading', { level: 2, name: 'Every tensor of the run' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect(screen.getByRole('heading', { level: 2, name: '这次运行的全部张量' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Every tensor of the run' })).toBeNull();
    expect(useAppStore.getState().lang).toBe('zh');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switching language keeps the typed source and its tensors', async () => {
    useAppStore.setState({ view: 'trace' });
    render(<App />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'xyz' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect((screen.getByRole('textbox', { name: '源序列' }) as HTMLInputElement).value).toBe('xyz');
    expect(await screen.findByRole('button', { name: 'enc.0.self_attn.weights [1,2,4,4]' }, { timeout: 10_000 })).toBeTruthy();
  });

  it('the explorer’s link opens the tour at the step it names', async () => {
    useAppStore.setState({ view: 'trace', source: 'abc' });
    render(<App />);
    const link = await screen.findByRole('link', { name: /^Open in the tour: step (\d+)/ }, { timeout: 10_000 });
    await act(async () => undefined); // the model loaded outside act(): flush that render's effects first
    fireEvent.click(link);
    expect(useAppStore.getState().view).toBe('tour');
    expect(await screen.findByRole('heading', { level: 3, name: 'Softmax: attention weights' }, { timeout: 10_000 })).toBeTruthy();
  });
});
