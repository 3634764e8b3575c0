// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../src/i18n';
import { LanguageSwitch } from '../../src/components/LanguageSwitch';

describe('LanguageSwitch', () => {
  it('is a select labelled Language offering English and 简体中文', () => {
    render(
      <I18nProvider lang="en">
        <LanguageSwitch value="en" onChange={() => {}} />
      </I18nProvider>,
    );
    const select = screen.getByRole('combobox', { name: 'Language' }) as HTMLSelectElement;
    expect(select.value).toBe('en');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['English', '简体中文']);
  });

  it('choosing a language calls onChange with its code', () => {
    const onChange = vi.fn();
    render(
      <I18nProvider lang="en">
        <LanguageSwitch value="en" onChange={onChange} />
      </I18nProvider>,
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect(onChange).toHaveBeenCalledWith('zh');
  });

  it('keeps the word Language in its Chinese label so anyone can find the way back', () => {
    render(
      <I18nProvider lang="zh">
        <LanguageSwitch value="zh" onChange={() => {}} />
      </I18nProvider>,
    );
    expect(screen.getByRole('combobox', { name: /语言/ })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: /Language/ })).toBeTruthy();
  });
});
