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

let modelLoader = new ModelLoader((url) => fetch(url));

const settled = new Map<string, BundleState>();

/** Replaces where models come from (tests serve them from memory) and forgets those loaded. */
export function setModelLoader(loader: ModelLoader): void {
  modelLoader = loader;
  settled.clear();
}

export function useBundle(task: string): BundleState {
  const loader = modelLoader;
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

