/**
 * The presentation-mode toggle of a page's title row: "Presentation mode" when off,
 * "Leave presentation mode" when on (it then sits in the title row, so it never
 * covers a figure or its legend). Generic: state in, toggles out.
 */
import { useT } from '../i18n';

export interface PresentButtonProps {
  on: boolean;
  onToggle: () => void;
  className?: string;
}

export function PresentButton({ on, onToggle, className }: PresentButtonProps) {
  const t = useT();
  return (
    <button
      type="button"
      className={`present-button${on ? ' on' : ''}${className ? ` ${className}` : ''}`}
      aria-pressed={on}
      onClick={onToggle}
      aria-keyshortcuts={on ? 'p Escape' : 'p'}
      title={t('ui.present.keys')}
    >
      {t(on ? 'ui.present.off' : 'ui.present.on')}
    </button>
  );
}
