/**
 * An editable matrix of numbers: one text box per cell, named by `cellName`
 * (e.g. "Cell 2,3"), laid out by the pure `gridLayout` so that an overlay (the
 * axis a normalisation takes) and labels beside the grid line up with the cells.
 *
 * Bad input never reaches the lab: a cell that is empty, not a number or beyond
 * ±1e6 is marked (aria-invalid), named in a message, and the last valid matrix
 * stays in use. Arrow keys move between cells (left/right when the caret is at
 * the edge of the text), Enter moves down, Tab follows the rows.
 *
 * The editor owns its drafts; to load a new matrix from outside, give it a new `key`.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n';
import { gridLayout, type GridSpec } from '../viz/labs/grid';
import { readableTextOn } from '../viz/labs/contrast';
import { cellText, parseCell, type CellCheck } from './MatrixCell';
import { MatrixOverlay, type MatrixOverlayProps } from './MatrixOverlay';

export interface ResizeOptions {
  rows?: boolean;
  cols?: boolean;
  minRows?: number;
  maxRows?: number;
  minCols?: number;
  maxCols?: number;
  /** value of a new cell */
  fill?: number;
  /** button names, when "row" and "column" are not the words (e.g. keys and dimensions) */
  labels?: { addRow?: string; removeRow?: string; addCol?: string; removeCol?: string };
}

/** `overlay` (SVG over the cells) and `beside` (HTML beside them) are drawn by MatrixOverlay. */
export interface MatrixEditorProps extends Pick<MatrixOverlayProps, 'overlay' | 'beside'> {
  /** accessible name of the whole grid */
  label: string;
  initial: number[][];
  /** called with every complete, valid matrix the person makes */
  onValid: (values: number[][]) => void;
  /** accessible name of a cell, 1-based */
  cellName?: (r: number, c: number) => string;
  spec: Omit<GridSpec, 'rows' | 'cols'>;
  rowHeader?: (r: number) => ReactNode;
  colHeader?: (c: number) => ReactNode;
  /** background of a cell (the colour of its last valid value), or undefined for none */
  cellColor?: (r: number, c: number) => string | undefined;
  /** an extra class for a row (e.g. padding) */
  rowClass?: (r: number) => string | undefined;
  resize?: ResizeOptions;
  className?: string;
}

type Drafts = string[][];

function toDrafts(values: number[][]): Drafts {
  return values.map((row) => row.map(cellText));
}

function checkAll(drafts: Drafts): CellCheck[][] {
  return drafts.map((row) => row.map(parseCell));
}

export function MatrixEditor(props: MatrixEditorProps) {
  const t = useT();
  const id = useId();
  const { label, initial, onValid, spec, resize } = props;
  const cellName = props.cellName ?? ((r: number, c: number) => t('labs.matrix.cell', { r, c }));
  const [drafts, setDrafts] = useState<Drafts>(() => toDrafts(initial));
  const rows = drafts.length, cols = rows > 0 ? drafts[0].length : 0;
  const checks = checkAll(drafts);
  const problems: { r: number; c: number; check: Extract<CellCheck, { ok: false }> }[] = [];
  checks.forEach((row, r) => row.forEach((ch, c) => !ch.ok && problems.push({ r, c, check: ch })));
  const layout = gridLayout({ ...spec, rows, cols });
  const cellId = (r: number, c: number) => `${id}-cell-${r}-${c}`;
  const msgId = (r: number, c: number) => `${id}-msg-${r}-${c}`;

  const commit = (next: Drafts) => {
    setDrafts(next);
    const parsed = checkAll(next);
    if (parsed.every((row) => row.every((ch) => ch.ok))) {
      onValid(parsed.map((row) => row.map((ch) => (ch as { value: number }).value)));
    }
  };

  const edit = (r: number, c: number, text: string) => {
    commit(drafts.map((row, i) => (i === r ? row.map((v, j) => (j === c ? text : v)) : row)));
  };

  const focusCell = (r: number, c: number) => {
    if (r < 0 || c < 0 || r >= rows || c >= cols) return false;
    const el = document.getElementById(cellId(r, c)) as HTMLInputElement | null;
    if (!el) return false;
    el.focus();
    el.select();
    return true;
  };

  const onKeyDown = (r: number, c: number, e: KeyboardEvent<HTMLInputElement>) => {
    const el = e.currentTarget;
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    let moved = false;
    switch (e.key) {
      case 'ArrowUp':
        moved = focusCell(r - 1, c);
        break;
      case 'ArrowDown':
      case 'Enter':
        moved = focusCell(r + 1, c);
        break;
      case 'ArrowLeft':
        if (atStart || el.selectionStart === null) moved = focusCell(r, c - 1);
        break;
      case 'ArrowRight':
        if (atEnd || el.selectionStart === null) moved = focusCell(r, c + 1);
        break;
      default:
        return;
    }
    if (moved || e.key === 'Enter') e.preventDefault();
  };

  const fill = cellText(resize?.fill ?? 0);
  const minRows = Math.max(1, resize?.minRows ?? 1), maxRows = Math.min(16, resize?.maxRows ?? 16);
  const minCols = Math.max(1, resize?.minCols ?? 1), maxCols = Math.min(16, resize?.maxCols ?? 16);
  const blocked = problems.length > 0;
  const resizeButton = (name: string, enabled: boolean, next: () => Drafts) => (
    <button type="button" disabled={!enabled || blocked} onClick={() => commit(next())}>
      {name}
    </button>
  );

  const problemText = (p: (typeof problems)[number]) => {
    const cell = cellName(p.r + 1, p.c + 1);
    const text = drafts[p.r][p.c];
    switch (p.check.problem) {
      case 'empty':
        return t('labs.matrix.empty', { cell });
      case 'notNumber':
        return t('labs.matrix.notNumber', { cell, text });
      case 'tooLarge':
        return t('labs.matrix.tooLarge', { cell, text });
    }
  };

  return (
    <div className={`matrix-editor ${props.className ?? ''}`}>
      <div className="matrix-frame" style={{ width: layout.width, height: layout.height }}>
        <div role="group" aria-label={label} className="matrix-cells">
          {props.colHeader &&
            layout.colHeaders.map((h, c) => (
              <div key={`ch${c}`} className="matrix-colhead" style={{ left: h.x, top: h.y, width: h.w, height: h.h }}>
                {props.colHeader!(c)}
              </div>
            ))}
          {drafts.map((row, r) => (
            <div key={r} className={`matrix-row ${props.rowClass?.(r) ?? ''}`}>
              {props.rowHeader && (
                <div
                  className="matrix-rowhead"
                  style={{ left: layout.rowHeaders[r].x, top: layout.rowHeaders[r].y, width: layout.rowHeaders[r].w, height: layout.rowHeaders[r].h }}
                >
                  {props.rowHeader(r)}
                </div>
              )}
              {row.map((text, c) => {
                const cell = layout.cells[r * cols + c];
                const ok = checks[r][c].ok;
                const bg = ok ? props.cellColor?.(r, c) : undefined;
                return (
                  <input
                    key={c}
                    id={cellId(r, c)}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    className="matrix-cell"
                    aria-label={cellName(r + 1, c + 1)}
                    aria-invalid={!ok}
                    aria-describedby={ok ? undefined : msgId(r, c)}
                    value={text}
                    onChange={(e) => edit(r, c, e.target.value)}
                    onKeyDown={(e) => onKeyDown(r, c, e)}
                    style={{
                      left: cell.x,
                      top: cell.y,
                      width: cell.w,
                      height: cell.h,
                      ...(bg ? { background: bg, color: readableTextOn(bg) } : {}),
                    }}
                  />
                );
              })}
            </div>
          ))}
        </div>
        <MatrixOverlay layout={layout} overlay={props.overlay} beside={props.beside} />
      </div>
      {(resize?.rows || resize?.cols) && (
        <div className="matrix-resize" style={{ maxWidth: Math.max(layout.width, 260) }}>
          <span className="matrix-size">{t('labs.matrix.size', { rows, cols })}</span>
          {resize.rows && resizeButton(resize.labels?.addRow ?? t('labs.matrix.addRow'), rows < maxRows, () => [...drafts, new Array<string>(cols).fill(fill)])}
          {resize.rows && resizeButton(resize.labels?.removeRow ?? t('labs.matrix.removeRow'), rows > minRows, () => drafts.slice(0, -1))}
          {resize.cols && resizeButton(resize.labels?.addCol ?? t('labs.matrix.addCol'), cols < maxCols, () => drafts.map((row) => [...row, fill]))}
          {resize.cols && resizeButton(resize.labels?.removeCol ?? t('labs.matrix.removeCol'), cols > minCols, () => drafts.map((row) => row.slice(0, -1)))}
        </div>
      )}
      {problems.length > 0 && (
        <div className="matrix-problems error" role="alert" style={{ maxWidth: Math.max(layout.width, 320) }}>
          <ul>
            {problems.map((p) => (
              <li key={`${p.r}-${p.c}`} id={msgId(p.r, p.c)}>
                {problemText(p)}
              </li>
            ))}
          </ul>
          <p>{t(resize?.rows || resize?.cols ? 'labs.matrix.keepLastResize' : 'labs.matrix.keepLast')}</p>
        </div>
      )}
    </div>
  );
}
