/**
 * The three models of the RNN lab (the fixed-context RNN, the RNN with additive attention,
 * the Transformer), all trained on `reverse-long`, loaded on first use from
 * `models/reverse-long{-rnn-fixed,-rnn-attention,}.*` (relative to the page) and kept.
 */
import { useEffect, useState } from 'react';
import { RNN_LAB_ARCHS, RNN_LAB_TASK, RnnLabLoader, type LabBundle } from '../../labs/rnn';

/** The page's three architectures. */
export type PageArch = 'rnn-fixed' | 'rnn-attention' | 'transformer';

export type LabModelState =
  | { status: 'loading' }
  | { status: 'ready'; lab: LabBundle }
  | { status: 'error'; error: string };

const loader = new RnnLabLoader((url) => fetch(url));
const settled = new Map<PageArch, LabModelState>();

/** Each architecture's model, as it loads. */
export function useRnnModels(): Record<PageArch, LabModelState> {
  const [, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    for (const arch of RNN_LAB_ARCHS as readonly PageArch[]) {
      if (settled.get(arch)?.status === 'ready') continue;
      loader.load(RNN_LAB_TASK, arch).then(
        (lab) => {
          settled.set(arch, { status: 'ready', lab });
          if (live) setVersion((v) => v + 1);
        },
        (e: unknown) => {
          settled.set(arch, { status: 'error', error: e instanceof Error ? e.message : String(e) });
          if (live) setVersion((v) => v + 1);
        },
      );
    }
    return () => {
      live = false;
    };
  }, []);
  const out = {} as Record<PageArch, LabModelState>;
  for (const arch of RNN_LAB_ARCHS as readonly PageArch[]) out[arch] = settled.get(arch) ?? { status: 'loading' };
  return out;
}
