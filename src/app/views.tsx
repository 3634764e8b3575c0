/**
 * The pages of the lab, in the order of the navigation. A view is drawn only when
 * it is open, and a lazy view's code is loaded on first use (the labs and the
 * tour's heavier parts stay out of the initial bundle).
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { PlainKey } from '../i18n';
import type { ViewId } from '../state';
import { TracePanel } from '../panels/TracePanel';

export interface ViewEntry {
  id: ViewId;
  /** the navigation label */
  label: PlainKey;
  /** the navigation group: the tour and trace are about the model, labs about single ideas */
  group: 'model' | 'labs';
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const VIEWS: ViewEntry[] = [
  { id: 'trace', label: 'nav.trace', group: 'model', component: TracePanel },
];

/** The entry of a view id, or the first view when the id has no page (yet). */
export function viewEntry(id: ViewId): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}

