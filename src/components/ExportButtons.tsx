/**
 * Two buttons beside a figure: save it as SVG, or as PNG (the SVG drawn on a
 * canvas at twice its size). The figure gives its SVG document as a string.
 */
import { useState } from 'react';
import { download, fileNameOf, svgToPngBlob } from '../viz/export';

export interface ExportButtonsProps {
  getSvg: () => string;
  /** the figure's title, for the file name */
  name: string;
  labels: { svg: string; png: string };
}

export function ExportButtons({ getSvg, name, labels }: ExportButtonsProps) {
  const [busy, setBusy] = useState(false);
  const saveSvg = () => download(new Blob([getSvg()], { type: 'image/svg+xml' }), fileNameOf(name, 'svg'));
  const savePng = async () => {
    setBusy(true);
    try {
      download(await svgToPngBlob(getSvg()), fileNameOf(name, 'png'));
    } catch (e) {
      console.warn('PNG export failed', e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export-buttons">
      <button type="button" className="small" onClick={saveSvg}>{labels.svg}</button>
      <button type="button" className="small" onClick={() => void savePng()} disabled={busy}>{labels.png}</button>
    </div>
  );
}
