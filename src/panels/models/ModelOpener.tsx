/**
 * Opening a model from files in any page that shows models: a button that opens the file
 * picker (the .json and the .safetensors together), a drop zone around the page's content,
 * and the message that says what was opened or why the files were refused (the model in
 * use stays). The model opened is registered (src/state/slices/models.ts) and shown in the
 * page at once, without a reload.
 *
 *   const opening = useModelOpening('tour', currentName);
 *   const drop = useModelDrop(opening);
 *   <section {...drop.props}> … <ModelOpenButton opening={opening} /> <ModelOpenMessage opening={opening} /> … <ModelDropOverlay over={drop.over} /></section>
 */
import { useCallback, useId, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { useAppStore } from '../../state';
import type { ModelPageId } from '../../state/slices/models';
import { describeRefusal, readModelPair, type ModelRefusal, type PickedFile } from './modelFiles';
import './models.css';

export interface ModelOpening {
  page: ModelPageId;
  /** the name of the model in use (what stays when files are refused) */
  current: string;
  busy: boolean;
  result: { ok: true; name: string; files: string } | { ok: false; refusal: ModelRefusal; names: string } | null;
  open: (files: readonly PickedFile[]) => Promise<void>;
  dismiss: () => void;
}

export function useModelOpening(page: ModelPageId, current: string): ModelOpening {
  const addUserModel = useAppStore((s) => s.addUserModel);
  const openUserModel = useAppStore((s) => s.openUserModel);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ModelOpening['result']>(null);
  const open = useCallback(
    async (files: readonly PickedFile[]) => {
      setBusy(true);
      try {
        const r = await readModelPair(files);
        const names = files.map((f) => f.name).join(' + ');
        if (!r.ok) {
          setResult({ ok: false, refusal: r.refusal, names });
          return;
        }
        const key = addUserModel(r.model);
        openUserModel(key, page);
        setResult({ ok: true, name: r.model.name, files: names });
      } finally {
        setBusy(false);
      }
    },
    [addUserModel, openUserModel, page],
  );
  return { page, current, busy, result, open, dismiss: useCallback(() => setResult(null), []) };
}

/**
 * "Open a model…": a button that opens the file picker for the pair. `compact` shows
 * "Open…" (the accessible name stays "Open a model…") where a row has little room.
 */
export function ModelOpenButton({ opening, className, compact }: { opening: ModelOpening; className?: string; compact?: boolean }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <span className={`model-open${className ? ` ${className}` : ''}`}>
      <button
        type="button"
        className="model-open-button"
        onClick={() => input.current?.click()}
        disabled={opening.busy}
        aria-label={compact ? t('models.open') : undefined}
        aria-describedby={`${id}-hint`}
        title={t('models.openHint')}
      >
        {t(compact ? 'models.openShort' : 'models.open')}
      </button>
      <span id={`${id}-hint`} className="visually-hidden">{t('models.openHint')}</span>
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.safetensors,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('models.fileInput')}
        onChange={(e) => {
          const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
          e.currentTarget.value = '';
          if (files.length > 0) void opening.open(files);
        }}
      />
    </span>
  );
}

/** What was opened, or why the files were refused (the model in use stays). */
export function ModelOpenMessage({ opening }: { opening: ModelOpening }) {
  const t = useT();
  const r = opening.result;
  if (opening.busy) return <p className="model-open-message" role="status">{t('models.reading')}</p>;
  if (!r) return null;
  return r.ok ? (
    <div className="model-open-message note" role="status">
      <span>{t('models.opened', { name: r.name, files: r.files })}</span>
      <button type="button" className="small" onClick={opening.dismiss}>{t('models.dismiss')}</button>
    </div>
  ) : (
    <div className="model-open-message problems" role="alert">
      <span>{t('models.refused', { files: r.names, reason: describeRefusal(t, r.refusal), current: opening.current })}</span>
      <button type="button" className="small" onClick={opening.dismiss}>{t('models.dismiss')}</button>
    </div>
  );
}

/**
 * Makes an element a drop target for the pair: spread `props` on it (it should be
 * `position: relative`) and render `<ModelDropOverlay over={over} />` inside it.
 */
export function useModelDrop(opening: ModelOpening): { over: boolean; props: React.HTMLAttributes<HTMLElement> } {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: React.DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  const props: React.HTMLAttributes<HTMLElement> = {
    onDragEnter: (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    },
    onDragOver: (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const files = [...e.dataTransfer.files];
      if (files.length > 0) void opening.open(files);
    },
  };
  return { over, props };
}

/** What to drop, over the drop target while files are dragged over it. */
export function ModelDropOverlay({ over }: { over: boolean }) {
  const t = useT();
  if (!over) return null;
  return (
    <div className="model-drop-overlay" aria-hidden="true">
      <p>{t('models.drop')}</p>
    </div>
  );
}
