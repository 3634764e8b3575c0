// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { StepList } from '../../src/components/StepList';
import { StepControls } from '../../src/components/StepControls';

afterEach(cleanup);

const groups = [
  { id: 'input', label: 'Input', items: [{ index: 0, label: 'Tokens' }, { index: 1, label: 'Embedding × √d' }] },
  { id: 'enc0', label: 'Encoder layer 0', items: [{ index: 2, label: 'Q, K, V per head' }, { index: 3, label: 'Scores QKᵀ' }] },
];

describe('StepList', () => {
  it('lists every step, numbered from 1, under its group', () => {
    render(<StepList groups={groups} current={0} onSelect={() => undefined} label="Steps of the walk" />);
    const nav = screen.getByRole('navigation', { name: 'Steps of the walk' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['1 Tokens', '2 Embedding × √d', '3 Q, K, V per head', '4 Scores QKᵀ']);
    expect(within(nav).getByText('Encoder layer 0')).toBeTruthy();
  });

  it('marks the current step and only it', () => {
    render(<StepList groups={groups} current={2} onSelect={() => undefined} label="Steps" />);
    const current = screen.getByRole('button', { current: 'step' });
    expect(current.textContent).toBe('3 Q, K, V per head');
    expect(screen.getAllByRole('button').filter((b) => b.getAttribute('aria-current')).length).toBe(1);
  });

  it('clicking a step selects its index', () => {
    const onSelect = vi.fn();
    render(<StepList groups={groups} current={0} onSelect={onSelect} label="Steps" />);
    fireEvent.click(screen.getByRole('button', { name: /Scores/ }));
    expect(onSelect).toHaveBeenCalledWith(3);
  });
});

describe('StepControls', () => {
  const labels = { prev: 'Previous step', next: 'Next step', position: 'Step 1 of 4' };

  it('has Previous step and Next step buttons and says where the walk is', () => {
    render(<StepControls index={0} total={4} onPrev={() => undefined} onNext={() => undefined} labels={labels} />);
    expect(screen.getByRole('button', { name: 'Previous step' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next step' })).toBeTruthy();
    expect(screen.getByText('Step 1 of 4')).toBeTruthy();
  });

  it('Previous is disabled on the first step and Next on the last', () => {
    const { rerender } = render(<StepControls index={0} total={4} onPrev={() => undefined} onNext={() => undefined} labels={labels} />);
    expect((screen.getByRole('button', { name: 'Previous step' }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<StepControls index={3} total={4} onPrev={() => undefined} onNext={() => undefined} labels={labels} />);
    expect((screen.getByRole('button', { name: 'Next step' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Previous step' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('the buttons call back', () => {
    const onPrev = vi.fn(), onNext = vi.fn();
    render(<StepControls index={1} total={4} onPrev={onPrev} onNext={onNext} labels={labels} />);
    fireEvent.click(screen.getByRole('button', { name: 'Next step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous step' }));
    expect(onNext).toHaveBeenCalledTimes(1);
    expect(onPrev).toHaveBeenCalledTimes(1);
  });
});
