// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { SourceField } from '../../src/components/SourceField';

afterEach(cleanup);

const base = { label: 'Source', value: 'ab!', onChange: () => undefined, hint: 'Letters a–z.' };

describe('SourceField', () => {
  it('is a textbox named by its label and described by its hint while valid', () => {
    render(<SourceField {...base} value="abc" problems={[]} />);
    const box = screen.getByRole('textbox', { name: 'Source' });
    expect(box.getAttribute('aria-invalid')).toBe('false');
    const described = box.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Letters a–z.']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reports each change of the text', () => {
    const onChange = vi.fn();
    render(<SourceField {...base} onChange={onChange} problems={[]} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'xyz' } });
    expect(onChange).toHaveBeenCalledWith('xyz');
  });

  it('an invalid text is marked invalid, described by its problems first, and the problems are an alert', () => {
    render(
      <SourceField
        {...base}
        problems={['Character 3 “!” is not in the vocabulary.']}
        marked={[{ text: 'ab', bad: false }, { text: '!', bad: true }]}
        markedLabel="Your text:"
      />,
    );
    const box = screen.getByRole('textbox', { name: 'Source' });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    const [first, second] = box.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!);
    expect(first.getAttribute('role')).toBe('alert');
    expect(second.textContent).toBe('Letters a–z.');
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('mark')?.textContent).toBe('!');
    expect(alert.textContent).toContain('Your text: ab!');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Character 3 “!” is not in the vocabulary.']);
  });

  it('shows the marked text only when a character is refused (a text that is too long has none)', () => {
    render(<SourceField {...base} value="abcdef" problems={['Too long.']} marked={[{ text: 'abcdef', bad: false }]} markedLabel="Your text:" />);
    expect(screen.getByRole('alert').querySelector('.marked-source')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('Too long.');
  });

  it('in a row, the label and input make one cell and the hint and problems go under the row', () => {
    const { container } = render(<SourceField {...base} layout="row" problems={['x']} />);
    const box = container.firstElementChild!;
    expect(box.classList.contains('source-field-inline')).toBe(true);
    expect([...box.children].map((c) => c.className)).toEqual(['source-field-line', 'hint source-field-hint', 'source-field-problems']);
  });
});
