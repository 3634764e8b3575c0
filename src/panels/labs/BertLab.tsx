/**
 * BERT's masked language model: a sentence, a "Draw" button that applies the
 * 15% / 80-10-10 rule once (reproducibly, from the core's seeded Rng), and the
 * counts over 10,000 draws beside the expected 80 / 10 / 10, with the reasons
 * for the random and the unchanged tenth.
 */
import '../../i18n/parts/labs';
import { useId, useMemo, useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { useRoom, type Room } from '../../components/useRoom';
import { LabHead } from './LabHead';
import { formatCount, formatPercent, formatPercentSmall } from '../../viz/labs/format';
import { textWidth } from '../../viz/heatmap';
import {
  BERT_VOCAB_SIZE, MASK_TOKEN, MAX_TOKENS, SHARE_MASK, SHARE_RANDOM, SHARE_SAME, chosenCount, countDraws, numberedDraw, replacementVocab,
  sameTokenChance, tokenize, type Fate,
} from '../../labs/bert';
import './labs.css';

export const BERT_DRAWS = 10_000;

/**
 * The type of the drawn tokens in presentation mode: as large as lets them fill the width in
 * two or three lines and still leave the counts below in view; otherwise the page's own size.
 */
export function tokenFont(tokens: readonly string[], room: Room, presenting: boolean): number | null {
  if (!presenting || room.width < 640 || tokens.length === 0) return null;
  // one token: its characters (textWidth at 1 px: em), its padding and border, the gap to the next
  const ems = tokens.reduce((sum, tok) => sum + Math.max(textWidth(tok, 1), 1.24) + 1.7, 0);
  const lines = tokens.length <= 16 ? 2 : tokens.length <= 40 ? 3 : 4;
  const byWidth = (room.width * lines) / ems;
  // a line of tokens is about 3.4 em tall (the token, what it was, the gap)
  // under them: the legend, the 10,000-draw table and its explanation (about 380 px)
  const byHeight = (room.height - 380) / (lines * 3.4);
  return Math.floor(Math.max(20, Math.min(64, byWidth, byHeight)));
}

export function BertLab() {
  const t = useT();
  const draw = useAppStore((s) => s.bertDraw);
  const setNumber = useAppStore((s) => s.setLabNumber);
  // null: the example sentence of the current language
  const [typed, setTyped] = useState<string | null>(null);
  const sentence = typed ?? t('labs.bert.example');
  const ids = useId();
  const tokens = useMemo(() => tokenize(sentence), [sentence]);
  const problem = tokens.length === 0 ? t('labs.bert.error.empty') : tokens.length > MAX_TOKENS ? t('labs.bert.error.tooLong', { n: tokens.length, max: MAX_TOKENS }) : null;
  // the last sentence that could be used stays on screen while the box holds a bad one
  const [lastGood, setLastGood] = useState<string[]>(tokens);
  if (!problem && lastGood.join('\u0000') !== tokens.join('\u0000')) setLastGood(tokens);
  const used = problem ? lastGood : tokens;
  const one = useMemo(() => numberedDraw(used, draw), [used, draw]);
  const counts = useMemo(() => countDraws(used, BERT_DRAWS), [used]);
  const k = chosenCount(used.length);
  const vocabSize = useMemo(() => replacementVocab(used).length, [used]);
  const [presenting] = usePresenting();
  const [roomRef, room] = useRoom({ fit: 'window', fallback: { width: 1200, height: 600 } });
  const font = tokenFont(one.tokens, room, presenting);
  const rows: { fate: Exclude<Fate, 'untouched'>; expected: number; label: string }[] = [
    { fate: 'mask', expected: SHARE_MASK, label: t('labs.bert.fate.mask', { mask: MASK_TOKEN }) },
    { fate: 'random', expected: SHARE_RANDOM, label: t('labs.bert.fate.random') },
    { fate: 'same', expected: SHARE_SAME, label: t('labs.bert.fate.same') },
  ];
  return (
    <section className="panel lab bert-lab" aria-labelledby="bert-lab-h">
      <LabHead id="bert-lab-h" title={t('labs.bert.heading')} />
      <p className="intro">{t('labs.bert.intro', { mask: MASK_TOKEN })}</p>
      <div className="bert-input">
        <label htmlFor={`${ids}-s`}>{t('labs.bert.sentence')}</label>
        <input
          id={`${ids}-s`}
          type="text"
          value={sentence}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${ids}-err ${ids}-hint` : `${ids}-hint`}
          spellCheck={false}
        />
        <p id={`${ids}-hint`} className="hint present-hide">
          {t('labs.bert.hint', { n: used.length, k, max: MAX_TOKENS })}
        </p>
        {problem && (
          <p id={`${ids}-err`} className="error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="lab-buttons">
        <button type="button" onClick={() => setNumber('bertDraw', draw + 1)}>
          {t('labs.bert.draw')}
        </button>
        <span role="status" className="bert-draw-no">
          {t('labs.bert.drawNo', { n: draw })}
        </span>
      </div>
      <div className="bert-draw" ref={roomRef}>
      <ol className="bert-tokens" aria-label={t('labs.bert.tokens')} data-main-figure="" style={font ? ({ '--token-font': `${font}px` } as CSSProperties) : undefined}>
        {one.tokens.map((tok, i) => {
          const f = one.fates[i];
          return (
            <li key={i} className={`bert-token fate-${f}`}>
              <span className="bert-shown">{one.shown[i]}</span>
              <span className="bert-orig">{f === 'untouched' ? '\u00a0' : f === 'same' ? t('labs.bert.kept') : tok}</span>
              <span className="visually-hidden">{t(`labs.bert.sr.${f}`, { tok, shown: one.shown[i] })}</span>
            </li>
          );
        })}
      </ol>
      </div>
      <p className="bert-legend">
        <span className="bert-key fate-mask">{t('labs.bert.fate.mask', { mask: MASK_TOKEN })}</span>
        <span className="bert-key fate-random">{t('labs.bert.fate.random')}</span>
        <span className="bert-key fate-same">{t('labs.bert.fate.same')}</span>
        <span className="bert-key fate-untouched">{t('labs.bert.fate.untouched')}</span>
      </p>
      <div className="lab-grid-2 bert-grid">
        <table className="lab-table bert-table">
          <caption>{t('labs.bert.counts', { draws: formatCount(BERT_DRAWS), chosen: formatCount(counts.chosen), k, n: used.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('labs.bert.col.fate')}</th>
              <th scope="col">{t('labs.bert.col.count')}</th>
              <th scope="col">{t('labs.bert.col.share')}</th>
              <th scope="col">{t('labs.bert.col.expected')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const share = counts.chosen > 0 ? counts[r.fate] / counts.chosen : 0;
              return (
                <tr key={r.fate}>
                  <th scope="row">{r.label}</th>
                  <td>{formatCount(counts[r.fate])}</td>
                  <td>
                    <span className="bar" style={{ width: `${share * 6}rem` }} aria-hidden="true" />
                    {formatPercent(share)}
                  </td>
                  <td>{formatPercent(r.expected)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="bert-why">
          <h3>{t('labs.bert.why.heading', { mask: MASK_TOKEN })}</h3>
          <p>{t('labs.bert.why.mask', { mask: MASK_TOKEN })}</p>
          <p>{t('labs.bert.why.same', { mask: MASK_TOKEN })}</p>
          <p>{t('labs.bert.why.random')}</p>
          <p className="hint">
            {t('labs.bert.hitNote', {
              n: formatCount(counts.randomHitOriginal),
              random: formatCount(counts.random),
              share: formatPercent(counts.random > 0 ? counts.randomHitOriginal / counts.random : 0),
              V: formatCount(vocabSize),
              chance: formatPercentSmall(sameTokenChance(vocabSize)),
              bertChance: formatPercentSmall(sameTokenChance(BERT_VOCAB_SIZE)),
            })}
          </p>
        </div>
      </div>
    </section>
  );
}
