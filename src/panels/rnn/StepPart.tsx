/**
 * The step-through of an RNN, with the tour's controls (← → PageUp PageDown Home End):
 * every input token read into the encoder's state, then c (or s_0), then every decoder
 * step until <eos> — its state, the token chosen and its probability, and (the attention
 * model) the attention row of that step over the input.
 */
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore } from '../../state';
import { RNN_WALK_ARCHS, type RnnWalkArch } from '../../state/slices/rnn';
import { alignmentMatrix, contextVector, decoderStates, encoderStates, overwriteSeries, walkStops } from '../../labs/rnn';
import { stopView, tokenLabel, type StopView } from '../../labs/rnn_view';
import { Heatmap } from '../../components/Heatmap';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { Room } from '../../components/Room';
import { StepControls } from '../../components/StepControls';
import { useStepKeys } from '../../components/useStepKeys';
import { num, pct, STATE_DOMAIN, type RnnCtx } from './shared';

const ARCH_KEYS = { 'rnn-fixed': 'rnn.arch.rnn-fixed', 'rnn-attention': 'rnn.arch.rnn-attention' } as const;

export function StepPart({ ctx }: { ctx: RnnCtx }) {
  const { t } = useI18n();
  const arch = useAppStore((s) => s.rnnArch);
  const setArch = useAppStore((s) => s.setRnnArch);
  const step = useAppStore((s) => s.rnnStep);
  const setStep = useAppStore((s) => s.setRnnStep);
  const w = arch === 'rnn-fixed' ? ctx.fixed : ctx.attention;
  const bundle = arch === 'rnn-fixed' ? ctx.fixedBundle : ctx.attentionBundle;
  const arrays = useMemo(() => {
    if (!w || !bundle) return null;
    return {
      stops: walkStops(w),
      a: {
        vocab: bundle.meta.tgtVocab, encStates: encoderStates(w), decStates: decoderStates(w), overwrite: overwriteSeries(w),
        context: contextVector(w), alignment: w.arch === 'rnn-attention' ? alignmentMatrix(w) : null,
      },
    };
  }, [w, bundle]);
  const total = arrays?.stops.length ?? 1;
  const index = Math.min(step, total - 1);
  const go = (i: number) => setStep(Math.max(0, Math.min(total - 1, i)));
  useStepKeys({ prev: () => go(index - 1), next: () => go(index + 1), first: () => go(0), last: () => go(total - 1) }, arrays !== null);

  const picker = (
    <LabRadioGroup<RnnWalkArch>
      label={t('rnn.step.model')}
      value={arch}
      options={RNN_WALK_ARCHS.map((a) => ({ value: a, label: t(ARCH_KEYS[a]) }))}
      onChange={setArch}
      className="rnn-step-arch"
    />
  );
  if (!w || !arrays) {
    return (
      <div className="rnn-part rnn-step">
        {picker}
        {ctx.models[arch].status === 'loading' && <p className="loading">{t('rnn.wait')}</p>}
      </div>
    );
  }
  const stop = arrays.stops[index];
  const view = stopView(w, stop, arrays.a);
  const S = w.srcTokens.length;
  const position = t('rnn.step.position', { i: index + 1, n: total });

  return (
    <div className="rnn-part rnn-step">
      <div className="rnn-step-head">
        {picker}
        <StepControls
          index={index}
          total={total}
          onPrev={() => go(index - 1)}
          onNext={() => go(index + 1)}
          labels={{ prev: t('tour.prev'), next: t('tour.next'), position }}
        />
      </div>
      <Strip ctx={ctx} srcTokens={w.srcTokens} tgtTokens={w.tgtTokens} view={view} />
      <p className="rnn-finding rnn-stop-text" aria-live="polite">{describeStop(t, view, w.hidden, S, arch, w.output)}</p>
      <Room className="rnn-room rnn-step-room" fit="window" fallback={{ width: 900, height: 400 }}>
        {(room) => <StopFigures ctx={ctx} view={view} srcTokens={w.srcTokens} width={room.width} height={room.height} />}
      </Room>
    </div>
  );
}

type T = ReturnType<typeof useI18n>['t'];

function describeStop(t: T, v: StopView, H: number, S: number, arch: RnnWalkArch, output: string): string {
  if (v.kind === 'encode') {
    return t(v.position === 0 ? 'rnn.step.encodeFirst' : 'rnn.step.encode', { j: v.position + 1, s: S, token: tokenLabel(v.token), change: pct(v.change) });
  }
  if (v.kind === 'context') return t(arch === 'rnn-fixed' ? 'rnn.step.contextFixed' : 'rnn.step.contextAttention', { h: H, s: S });
  const top = v.top.filter((x) => x.token !== v.token).slice(0, 2).map((x) => `${tokenLabel(x.token)} ${num(x.p, 3)}`).join(', ');
  const base = t('rnn.step.decode', { t: v.step + 1, prev: tokenLabel(v.prev), token: tokenLabel(v.token), p: num(v.p, 3), others: top || '—' });
  return v.eos ? `${base} ${t('rnn.step.eos', { output: output === '' ? '∅' : output })}` : base;
}

function Strip({ ctx, srcTokens, tgtTokens, view }: { ctx: RnnCtx; srcTokens: string[]; tgtTokens: string[]; view: StopView }) {
  const { t } = useI18n();
  const readUpTo = view.kind === 'encode' ? view.position : srcTokens.length - 1;
  const wroteUpTo = view.kind === 'decode' ? view.step : -1;
  return (
    <div className="rnn-strip" aria-label={t('rnn.step.strip')} role="group">
      <div className="rnn-strip-row">
        <span className="rnn-strip-label">{t('rnn.step.input')}</span>
        {srcTokens.map((tok, j) => (
          <span key={j} className={`rnn-tok${j <= readUpTo ? ' read' : ''}${view.kind === 'encode' && j === view.position ? ' current' : ''}`} style={view.kind === 'decode' && view.attention ? { outlineColor: `rgba(29, 78, 216, ${Math.min(1, view.attention[j] * 1.5)})` } : undefined}>
            {tokenLabel(tok)}
          </span>
        ))}
      </div>
      <div className="rnn-strip-row">
        <span className="rnn-strip-label">{t('rnn.step.output')}</span>
        {tgtTokens.slice(0, wroteUpTo + 1).map((tok, i) => (
          <span key={i} className={`rnn-tok out${i === wroteUpTo ? ' current' : ''}`}>{tokenLabel(tok)}</span>
        ))}
        {wroteUpTo < 0 && <span className="rnn-tok empty">{ctx.presenting ? '' : '…'}</span>}
      </div>
    </div>
  );
}

function StopFigures({ ctx, view, srcTokens, width, height }: { ctx: RnnCtx; view: StopView; srcTokens: string[]; width: number; height: number }) {
  const { t } = useI18n();
  const exportLabels = { svg: t('tour.export.svg'), png: t('tour.export.png') };
  const font = ctx.presenting ? 18 : 13;
  const w = Math.max(260, width - 4);
  const vec = view.kind === 'encode' ? view.state : view.kind === 'context' ? view.vector : view.state;
  const name = view.kind === 'encode' ? `h${view.position + 1}` : view.kind === 'context' ? 'c' : `s${view.step + 1}`;
  const caption = view.kind === 'encode'
    ? t('rnn.step.stateCaption', { j: view.position + 1, n: vec.length })
    : view.kind === 'context' ? t('rnn.step.contextCaption', { n: vec.length })
      : t('rnn.step.decCaption', { t: view.step + 1, n: vec.length });
  const attn = view.kind === 'decode' ? view.attention : null;
  const h = Math.max(90, Math.min(160, (height - (attn ? 260 : 120)) / (attn ? 2 : 1)));
  const labels = srcTokens.map(tokenLabel);
  return (
    <div className="rnn-stop-figs">
      <div className="rnn-scroll">
        <Heatmap
          values={Float32Array.from(vec)}
          rows={1}
          cols={vec.length}
          rowLabels={[name]}
          colLabels={vec.map((_, i) => String(i + 1))}
          colTitle={t('rnn.axis.unit')}
          maxWidth={w}
          maxHeight={h}
          maxCell={40}
          fontSize={font}
          domain={STATE_DOMAIN}
          label={caption}
          caption={caption}
          describeCell={(_r, c, v) => t('rnn.step.unitCell', { name, unit: c + 1, v: num(v, 3) })}
          legendLabel={t('rnn.legend.state')}
          exportLabels={exportLabels}
          fileName={`rnn-${name}`}
          className="rnn-stop-fig"
        />
      </div>
      {attn && view.kind === 'decode' && (
        <div className="rnn-scroll">
          <Heatmap
            values={Float32Array.from(attn)}
            rows={1}
            cols={attn.length}
            rowLabels={[tokenLabel(view.token)]}
            colLabels={labels}
            colTitle={t('rnn.axis.inputPosition')}
            maxWidth={w}
            maxHeight={h}
            maxCell={56}
            fontSize={font}
            numbers
            domain={{ min: 0, max: 1 }}
            label={t('rnn.step.attnCaption', { t: view.step + 1 })}
            caption={t('rnn.step.attnCaption', { t: view.step + 1 })}
            describeCell={(_r, c, v) => t('rnn.step.attnCell', { inp: labels[c], pos: c + 1, a: num(v, 3) })}
            legendLabel={t('rnn.legend.weight')}
            exportLabels={exportLabels}
            fileName={`rnn-attention-step${view.step + 1}`}
            className="rnn-stop-attn"
          />
        </div>
      )}
    </div>
  );
}
