import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider, type Lang } from '../../../src/i18n';

export function renderIn(ui: ReactElement, lang: Lang = 'en') {
  return render(<I18nProvider lang={lang}>{ui}</I18nProvider>);
}

/** jsdom has no canvas; the heatmaps skip painting when there is no 2D context. */
export function stubCanvas(): void {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
}
