/**
 * A task's non-autoregressive model, loaded on first use from `models/<task>-nat.*`
 * (relative URLs, as the tour's models) and kept.
 */
import { useEffect, useState } from 'react';
import { loadNatModel } from '../../labs/decoding';
import type { NatBundle } from '../../io/nat_bundle';

export type NatBundleState = { status: 'loading' } | { status: 'ready'; bundle: NatBundle } | { status: 'error'; error: string };

type FetchFn = Parameters<typeof loadNatModel>[0];
let fetchFn: FetchFn = (url) => fetch(url);
const settled = new Map<string, NatBundleState>();
const pending = new Map<string, Promise<NatBundle>>();

/** Replaces where NAT models come from (tests serve them from disk) and forgets those loaded. */
export function setNatFetch(f: FetchFn): void {
  fetchFn = f;
  settled.clear();
  pending.clear();
}

export function useNatBundle(task: string): NatBundleState {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (settled.get(task)?.status === 'ready') return;
    let live = true;
    let p = pending.get(task);
    if (!p) {
      p = loadNatModel(fetchFn, task);
      pending.set(task, p);
    }
    p.then(
      (bundle) => {
        settled.set(task, { status: 'ready', bundle });
        if (live) setVersion((v) => v + 1);
      },
      (e: unknown) => {
        pending.delete(task);
        settled.set(task, { status: 'error', error: e instanceof Error ? e.message : String(e) });
        if (live) setVersion((v) => v + 1);
      },
    );
    return () => {
      live = false;
    };
  }, [task]);
  return settled.get(task) ?? { status: 'loading' };
}
