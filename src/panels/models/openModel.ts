/**
 * Handing a model's two files to a page that shows models (the training lab's "Open in the
 * tour"): the files are read exactly as files picked by the reader would be, the model is
 * registered, and the page opens on it — no reload. Returns the refusal if the files do
 * not make a model (the page's model stays).
 */
import { useAppStore } from '../../state';
import type { ModelPageId, UserModel } from '../../state/slices/models';
import type { FileBytes } from '../../io/load';
import { modelFromBytes, type ModelRefusal } from './modelFiles';

export function openModelFiles(
  files: { name: string; json: string | FileBytes; safetensors: FileBytes },
  page: ModelPageId,
  origin: UserModel['origin'] = 'trained',
): { ok: true; key: string } | { ok: false; refusal: ModelRefusal } {
  const r = modelFromBytes(files.name, files.json, files.safetensors, origin);
  if (!r.ok) return r;
  const s = useAppStore.getState();
  const key = s.addUserModel(r.model);
  s.openUserModel(key, page);
  return { ok: true, key };
}

/** The characters of a vocabulary, runs of consecutive letters or digits written as ranges (`a–z`, `0–9`). */
export function charRanges(chars: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  const code = (c: string) => (c.length === 1 ? c.charCodeAt(0) : -10);
  while (i < chars.length) {
    let j = i;
    while (j + 1 < chars.length && /[a-z0-9]/i.test(chars[j + 1]) && code(chars[j + 1]) === code(chars[j]) + 1) j++;
    out.push(j - i >= 2 ? `${chars[i]}–${chars[j]}` : chars.slice(i, j + 1).map((c) => (c === ' ' ? '␣' : c)).join(' '));
    i = j + 1;
  }
  return out.join(' ');
}
