/**
 * The title row every lab shares: the heading, and at its right end the presentation
 * toggle (so that, in presentation mode, the exit button sits in the title row and never
 * covers a figure or its legend). A lab with several figures passes a `FigurePicker` as
 * children: in presentation mode it chooses the one figure shown big.
 */
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { usePresenting } from '../../state';
import { PresentButton } from '../../components/PresentButton';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import './labHead.css';

export function LabHead({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  const [presenting, toggle] = usePresenting();
  return (
    <div className="lab-head">
      <h2 id={id}>{title}</h2>
      {children}
      <PresentButton on={presenting} onToggle={toggle} />
    </div>
  );
}

/** Which of a lab's figures presentation mode shows big: a radio group, drawn only while presenting. */
export function FigurePicker<V extends string>({ value, options, onChange }: {
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
}) {
  const t = useT();
  const [presenting] = usePresenting();
  if (!presenting) return null;
  // the radios keep their arrow keys; `p` and Esc leave presentation mode from them as from
  // anything but a text field (the page's key handler in App.tsx, `typesText`)
  return (
    <div className="figure-picker-keys">
      <LabRadioGroup className="figure-picker" label={t('labs.present.figure')} value={value} options={options} onChange={onChange} />
    </div>
  );
}
