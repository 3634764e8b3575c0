/**
 * The shipped model of a task, loaded on first use from `models/<task>.*`
 * (relative to the page, so the site works from any sub-path) and kept.
 */
import { useEffect, useState } from 'react';
import { ModelLoader } from '../../tour';
import type { ModelBundle } from '../../io/bundle';

export type BundleState =
  | { status: 'loading' }
  | { status: 'ready'; bundle: ModelBundle }
  | { status: 'error'; error: string };

export const modelLoader = new ModelLoader((url) => fetch(url));

const settled = new Map<string, BundleState>();

export function useBundle(task: string, loader: ModelLoader = modelLoader): BundleState {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (settled.get(task)?.status === 'ready') return;
    let live = true;
    loader.load(task).then(
      (bundle) => {
        settled.set(task, { status: 'ready', bundle });
        if (live) setVersion((v) => v + 1);
      },
      (e: unknown) => {
        settled.set(task, { status: 'error', error: e instanceof Error ? e.message : String(e) });
        if (live) setVersion((v) => v + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [task, loader]);
  return settled.get(task) ?? { status: 'loading' };
}

/** Forgets loaded models (tests). */
export function forgetBundles(): void {
  settled.clear();
}
