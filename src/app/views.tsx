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
const DecodingLab = lazy(() => import('../panels/decoding/DecodingLab').then((m) => ({ default: m.DecodingLab })));
const TrainLab = lazy(() => import('../panels/train/TrainLab').then((m) => ({ default: m.TrainLab })));
const RnnLab = lazy(() => import('../panels/rnn/RnnLab').then((m) => ({ default: m.RnnLab })));

export interface ViewEntry {
  id: ViewId;
  /** the navigation label */
  label: PlainKey;
  /**
   * where the navigation lists it: `main` as a link of its own (the tour), the others in the
   * "Labs" menu — `model` pages look at a whole model, `concepts` pages at single ideas
   */
  group: 'main' | 'model' | 'concepts';
  /** where the skip link goes: the page's step controls, or its content */
  skip: 'controls' | 'main';
  /** the page fills the window (its parts scroll inside it) rather than flowing down the page */
  fill?: boolean;
  component: ComponentType | LazyExoticComponent<ComponentType>;
}

export const VIEWS: ViewEntry[] = [
  { id: 'tour', label: 'tour.nav', group: 'main', skip: 'controls', fill: true, component: TourPanel },
  { id: 'trace', label: 'nav.trace', group: 'model', skip: 'main', component: TracePanel },
  { id: 'decoding', label: 'decoding.nav', group: 'model', skip: 'controls', component: DecodingLab },
  { id: 'train', label: 'train.nav', group: 'model', skip: 'main', fill: true, component: TrainLab },
  { id: 'rnn', label: 'rnn.nav', group: 'model', skip: 'main', component: RnnLab },
  { id: 'norm', label: 'labs.nav.norm', group: 'concepts', skip: 'main', component: NormLab },
  { id: 'scoring', label: 'labs.nav.scoring', group: 'concepts', skip: 'main', component: ScoringLab },
  { id: 'posenc', label: 'labs.nav.posenc', group: 'concepts', skip: 'main', component: PosEncLab },
  { id: 'cost', label: 'labs.nav.cost', group: 'concepts', skip: 'main', component: CostLab },
  { id: 'bert', label: 'labs.nav.bert', group: 'concepts', skip: 'main', component: BertLab },
];

/** The entry of a view id, or the first view when the id has no page (yet). */
export function viewEntry(id: ViewId): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}

