// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { resetAppState, useAppStore } from '../../src/state';
import { App } from '../../src/app/App';

afterEach(() => {
  cleanup(); // unmount before the store changes, so no update lands outside act()
  resetAppState();
});

describe('App', () => {
  it('shows the product name in the page heading', () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeTruthy();
  });

  it('switching language changes the panel heading and the page language', () => {
    useAppStore.setState({ view: 'trace' });
    render(<App />);
    expect(screen.getByRole('heading', { level: 2, name: 'Forward trace' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect(screen.getByRole('heading', { level: 2, name: '前向传播轨迹' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Forward trace' })).toBeNull();
    expect(useAppStore.getState().lang).toBe('zh');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('switching language keeps the typed source and its trace', () => {
    useAppStore.setState({ view: 'trace' });
    render(<App />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'xyz' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect((screen.getByRole('textbox', { name: '源序列' }) as HTMLInputElement).value).toBe('xyz');
    expect(screen.getByText('enc.0.self_attn.weights')).toBeTruthy();
  });
});
