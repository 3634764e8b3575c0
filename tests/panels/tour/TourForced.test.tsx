// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TourPanel } from '../../../src/panels/tour/TourPanel';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { getTask } from '../../../src/tasks';
import { runTour } from '../../../src/tour';
import { fakeLoader, smallBundle } from '../../tour/helpers';

const bundle = smallBundle('reverse', 2);
const reverse = getTask('reverse');

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  setModelLoader(fakeLoader([bundle]));
});
afterEach(() => {
  cleanup();
  resetAppState();
  vi.restoreAllMocks();
});

describe('the tour with a forced prefix (opened from the decoding lab’s beam tree)', () => {
  it('runTour takes the forced tokens as given, marks their steps, and decodes greedily from there', () => {
    const free = runTour(reverse, bundle, 'abc');
    const forced = runTour(reverse, bundle, 'abc', { forced: reverse.tgtVocab.encode('zz') });
    if (!free.ok || !forced.ok) throw new Error('the runs should work');
    expect(forced.run.tokens.slice(0, 2)).toEqual(reverse.tgtVocab.encode('zz'));
    expect(forced.run.result.steps.map((s) => s.forced === true).slice(0, 3)).toEqual([true, true, false]);
    expect(free.run.result.steps.some((s) => s.forced)).toBe(false);
    // the walk follows the forced run
    expect(forced.run.walk.filter((s) => s.kind === 'decInput')).toHaveLength(forced.run.tokens.length);
  });

  it('says the prefix was forced, says so at a forced token’s step, and decodes freely on request', async () => {
    useAppStore.setState({ source: 'abc', forced: 'zz' });
    render(<I18nProvider lang="en"><TourPanel /></I18nProvider>);
    await screen.findByText(/Forced prefix “zz”: the first 2 output tokens are taken as given/, undefined, { timeout: 3000 });
    // the softmax step of the first decoding step: the token there was forced
    fireEvent.click(screen.getByRole('button', { name: 'All steps' }));
    fireEvent.click(screen.getAllByRole('option', { name: /Softmax over the vocabulary/ })[0]);
    expect(screen.getByText(/This token was forced: the model’s own choice here was “.” \(p = 0\.\d{3}\)\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Decode freely' }));
    await act(async () => undefined);
    expect(useAppStore.getState().forced).toBe('');
    expect(screen.queryByText(/Forced prefix/)).toBeNull();
    expect(screen.queryByText(/This token was forced/)).toBeNull();
  });

  it('refuses a forced prefix outside the output vocabulary with a message and decodes freely', async () => {
    useAppStore.setState({ source: 'abc', forced: 'a3' });
    render(<I18nProvider lang="en"><TourPanel /></I18nProvider>);
    expect(await screen.findByText(/The forced prefix “a3” of the link cannot be used: character 2 “3” \(U\+0033\) is not in the output vocabulary\. The tour decodes freely\./, undefined, { timeout: 3000 })).toBeTruthy();
    await screen.findByRole('navigation', { name: 'Model map' }, { timeout: 3000 });
  });
});
