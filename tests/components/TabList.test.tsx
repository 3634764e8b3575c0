// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { TabList, tabPanelId } from '../../src/components/TabList';

const PARTS = ['one', 'two', 'three'] as const;
type Part = (typeof PARTS)[number];

function Page({ onWindowKey }: { onWindowKey?: () => void }) {
  const [part, setPart] = useState<Part>('one');
  return (
    <div onKeyDown={onWindowKey}>
      <TabList parts={PARTS} current={part} onSelect={setPart} labelOf={(p) => p.toUpperCase()} label="Parts" idBase="t" />
      <div role="tabpanel" id={tabPanelId('t')} aria-labelledby={`t-tab-${part}`}>{part}</div>
    </div>
  );
}

describe('TabList', () => {
  it('is one tab stop; the arrows move and select, wrapping; Home and End jump', () => {
    render(<Page />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    expect(screen.getByRole('tablist', { name: 'Parts' })).toBeTruthy();
    fireEvent.keyDown(tabs[0], { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'THREE' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'THREE' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(screen.getByRole('tabpanel').textContent).toBe('one');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(screen.getByRole('tabpanel', { name: 'THREE' }).textContent).toBe('three');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.click(screen.getByRole('tab', { name: 'TWO' }));
    expect(screen.getByRole('tabpanel').textContent).toBe('two');
  });

  it('keeps the arrows it uses from the page (its step keys), and lets other keys through', () => {
    let reached = 0;
    render(<Page onWindowKey={() => reached++} />);
    const first = screen.getAllByRole('tab')[0];
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(reached).toBe(0);
    fireEvent.keyDown(first, { key: 'p' });
    expect(reached).toBe(1);
  });
});
