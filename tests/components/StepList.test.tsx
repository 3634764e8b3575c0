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
  it('lists every step, numbered from 1, under its group, as one listbox', () => {
    render(<StepList groups={groups} current={0} onSelect={() => undefined} label="Steps of the walk" />);
    const list = screen.getByRole('listbox', { name: 'Steps of the walk' });
    expect(within(list).getAllByRole('option').map((b) => b.textContent)).toEqual(['1 Tokens', '2 Embedding × √d', '3 Q, K, V per head', '4 Scores QKᵀ']);
    expect(within(list).getByRole('group', { name: 'Encoder layer 0' })).toBeTruthy();
  });

  it('marks the current step and only it', () => {
    render(<StepList groups={groups} current={2} onSelect={() => undefined} label="Steps" />);
    const current = screen.getByRole('option', { selected: true });
    expect(current.textContent).toBe('3 Q, K, V per head');
    expect(screen.getAllByRole('option').filter((b) => b.getAttribute('aria-selected') === 'true').length).toBe(1);
  });

  it('clicking a step selects its index', () => {
    const onSelect = vi.fn();
    render(<StepList groups={groups} current={0} onSelect={onSelect} label="Steps" />);
    fireEvent.click(screen.getByRole('option', { name: /Scores/ }));
    expect(onSelect).toHaveBeenCalledWith(3);
  });

  it('is one tab stop: ↓ ↑ Home End move a cursor through the steps, Enter opens the step under it', () => {
    const onSelect = vi.fn();
    render(<StepList groups={groups} current={1} onSelect={onSelect} label="Steps" />);
    const list = screen.getByRole('listbox');
    expect(list.tabIndex).toBe(0);
    expect(screen.getAllByRole('option').every((o) => o.tabIndex < 0)).toBe(true);
    const cursor = () => document.getElementById(list.getAttribute('aria-activedescendant') ?? '')?.textContent;
    expect(cursor()).toBe('2 Embedding × √d');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(cursor()).toBe('4 Scores QKᵀ');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(cursor()).toBe('4 Scores QKᵀ');
    fireEvent.keyDown(list, { key: 'Home' });
    expect(cursor()).toBe('1 Tokens');
    fireEvent.keyDown(list, { key: 'End' });
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith(2);
  });

  it('leaves ← and → to the walk', () => {
    render(<StepList groups={groups} current={1} onSelect={() => undefined} label="Steps" />);
    const list = screen.getByRole('listbox');
    const e = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    list.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(false);
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
