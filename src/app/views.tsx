/**
 * The pages of the lab, in the order of the navigation. A view is drawn only when
 * it is open, and a lazy view's code is loaded on first use (the labs and the
 * tour's heavier parts stay out of the initial bundle).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PlainKey } from '../i18n';
import type { ViewId } from '../state';
import { TracePanel } from '../panels/TracePanel';
import { TourPanel } from '../panels/tour/TourPanel';

// The concept labs load on first use (their code, KaTeX and charts stay out of the initial bundle).
const NormLab = lazy(() => import('../panels/labs/NormLab').then((m) => ({ default: m.NormLab })));
const ScoringLab = lazy(() => import('../panels/labs/ScoringLab').then((m) => ({ default: m.ScoringLab })));
const PosEncLab = lazy(() => import('../panels/labs/PosEncLab').then((m) => ({ default: m.PosEncLab })));
const CostLab = lazy(() => import('../panels/labs/CostLab').then((m) => ({ default: m.CostLab })));
const BertLab = lazy(() => import('../panels/labs/BertLab').then((m) => ({ default: m.BertLab })));

export interface ViewEntry {
  id: ViewId;
  /** the navigation label */
  label: PlainKey;
  /** the navigation group: the tour and trace are about the model, labs about single ideas */
  group: 'model' | 'labs';
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const VIEWS: ViewEntry[] = [
  { id: 'tour', label: 'tour.nav', group: 'model', component: TourPanel },
  { id: 'trace', label: 'nav.trace', group: 'model', component: TracePanel },
  { id: 'norm', label: 'labs.nav.norm', group: 'labs', component: NormLab },
  { id: 'scoring', label: 'labs.nav.scoring', group: 'labs', component: ScoringLab },
  { id: 'posenc', label: 'labs.nav.posenc', group: 'labs', component: PosEncLab },
  { id: 'cost', label: 'labs.nav.cost', group: 'labs', component: CostLab },
  { id: 'bert', label: 'labs.nav.bert', group: 'labs', component: BertLab },
];

/** The entry of a view id, or the first view when the id has no page (yet). */
export function viewEntry(id: ViewId): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}

