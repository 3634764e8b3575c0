// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TourPanel } from '../../../src/panels/tour/TourPanel';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { fakeLoader, smallBundle } from '../../tour/helpers';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
  setModelLoader(fakeLoader([smallBundle('reverse', 2)]));
  useAppStore.setState({ source: 'abc' });
});
afterEach(() => {
  cleanup();
  resetAppState();
  vi.restoreAllMocks();
});

describe('token strips', { timeout: 30_000 }, () => {
  it('say what the blue id and the grey position number under each token are', async () => {
    render(
      <I18nProvider lang="en">
        <TourPanel />
      </I18nProvider>,
    );
    const key = await screen.findByText('id: the token’s number in the vocabulary', {}, { timeout: 10_000 });
    expect(key.classList.contains('id')).toBe(true);
    expect(screen.getByText('position, counted from 0').classList.contains('pos')).toBe(true);
  });

  it('in Chinese too', async () => {
    render(
      <I18nProvider lang="zh">
        <TourPanel />
      </I18nProvider>,
    );
    expect(await screen.findByText('id：该 token 在词表中的编号', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText('位置，从 0 开始数')).toBeTruthy();
  });
});
