// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../src/i18n';
import { resetAppState, useAppStore } from '../../src/state';
import { TracePanel } from '../../src/panels/TracePanel';

function renderPanel(lang: 'en' | 'zh' = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <TracePanel />
    </I18nProvider>,
  );
}

function typeSource(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: text } });
}

beforeEach(() => useAppStore.setState({ source: '' }));
afterEach(() => {
  cleanup(); // unmount before the store changes, so no update lands outside act()
  resetAppState();
});

describe('TracePanel', () => {
  it('typing into Source shows the trace entries with their shapes', () => {
    renderPanel();
    expect(screen.queryByText('enc.0.self_attn.weights')).toBeNull();
    typeSource('abcd');
    const entry = screen.getByText('enc.0.self_attn.weights').closest('li');
    expect(entry).not.toBeNull();
    expect(within(entry as HTMLElement).getByText('[1,2,5,5]')).toBeTruthy();
    expect(screen.getByText('dec.1.cross_attn.weights')).toBeTruthy();
    expect(screen.getByText('logits')).toBeTruthy();
  });

  it('groups the entries under translated headings for the embedding, each layer and the output', () => {
    renderPanel();
    typeSource('hi');
    expect(screen.getByRole('heading', { name: 'Encoder' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /^Encoder layer 0/ })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /^Encoder layer 1/ })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /^Decoder layer 1/ })).toBeTruthy();
    expect(screen.getAllByRole('heading', { name: /^Embedding \+ positional encoding/ })).toHaveLength(2);
    expect(screen.getByRole('heading', { name: /^Output: final layer norm/ })).toBeTruthy();
    const layer0 = screen.getByRole('region', { name: /^Encoder layer 0/ });
    expect(within(layer0).getByText('enc.0.ffn.hidden')).toBeTruthy();
    expect(within(layer0).queryByText('enc.1.ffn.hidden')).toBeNull();
  });

  it('shows the generated token ids and says the model is randomly initialised', () => {
    renderPanel();
    typeSource('hello');
    expect(screen.getByText('Generated token ids')).toBeTruthy();
    expect(screen.getByTestId('generated-ids').textContent).toMatch(/^\d+( \d+)*$/);
    expect(screen.getByRole('note').textContent).toMatch(/randomly initialised/);
  });

  it('an invalid character shows an error naming it, and no trace is shown', () => {
    renderPanel();
    typeSource('ab!c');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('“!”');
    expect(screen.getByRole('textbox', { name: 'Source' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText('enc.0.self_attn.weights')).toBeNull();
  });

  it('an upper-case letter is named in the error too', () => {
    renderPanel();
    typeSource('Hello');
    expect(screen.getByRole('alert').textContent).toContain('“H”');
  });

  it('an empty source asks for input instead of running the model', () => {
    renderPanel();
    typeSource('a');
    typeSource('');
    expect(screen.getByRole('alert').textContent).toMatch(/empty/);
    expect(screen.queryByText('enc.memory')).toBeNull();
  });

  it('a source longer than the model allows says how long it may be', () => {
    renderPanel();
    typeSource('a'.repeat(40));
    expect(screen.getByRole('alert').textContent).toMatch(/40 characters.*at most 31/);
  });

  it('correcting an invalid source brings the trace back', () => {
    renderPanel();
    typeSource('a?');
    expect(screen.queryByText('enc.memory')).toBeNull();
    typeSource('a');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('enc.memory')).toBeTruthy();
  });

  it('in Chinese the source box, errors and group headings are translated, trace names are not', () => {
    renderPanel('zh');
    fireEvent.change(screen.getByRole('textbox', { name: '源序列' }), { target: { value: 'ab' } });
    expect(screen.getByRole('heading', { name: '编码器' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: /^编码器第 0 层/ })).toBeTruthy();
    expect(screen.getByText('enc.0.self_attn.weights')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: '源序列' }), { target: { value: 'a#' } });
    expect(screen.getByRole('alert').textContent).toContain('不在词表中');
  });
});
