/**
 * The parts of the decoding lab, one at a time on the page: the beam-search tree of the
 * model, the lecture's toy, the next-token distribution, side by side, error
 * propagation, AT against NAT. Each computes with src/labs and only draws.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore } from '../../state';
import { NAT_TASKS, type NatTask } from '../../state/slices/decoding';
import { dateMultiForm, getTask } from '../../tasks';
import { inputProblems } from '../../tour';
import {
  compareAtNat, errorPropagation, modelBeam, nextTokenBars, nodePrefix, storedMultimodality, toyExample, treeView,
  TOY_TOKENS, type StoredMultimodality,
} from '../../labs/decoding';
import {
  bestRows, likeliestWrongToken, modelTestSet, modelTestSize, prefixText, referenceLength, runInPieces, sideBySideJob, strategyOutput, tallyGreedyBeam,
  tourStepOf, type GreedyBeamTally, type SideBySideRow,
} from '../../labs/decoding_view';
import { beamTreeLayout, type TreeNodeIn } from '../../viz/beamTree';
import { distBarsLayout, type Cut } from '../../viz/distBars';
import { standaloneSvg } from '../../viz/export';
import { StepControls } from '../../components/StepControls';
import { useStepKeys } from '../../components/useStepKeys';
import { FigureFrame } from '../../components/FigureFrame';
import { useRoom } from '../../components/useRoom';
import { useBundle } from '../tour/useBundle';
import { problemLines } from '../tour/text';
import { BeamTreeFigure } from './BeamTreeFigure';
import { NumberField } from './fields';
import { useNatBundle } from './useNatBundle';
import { fmtLogProb, fmtProb, timed, tokenLabel, type LabContext } from './shared';
import type { BeamTree } from '../../decode/beam';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A table that scrolls sideways on a narrow screen: a named region, reachable by keyboard. */
function TableWrap({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="dec-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** The room of a figure: the box's width, and the window's height below it (at least `min`). */
function useFigureRoom(presenting: boolean) {
  const [ref, room] = useRoom({ fit: 'window', fallback: { width: 760, height: 460 } });
  const height = Math.max(presenting ? 360 : 300, room.height - (presenting ? 112 : 120));
  return [ref, { width: Math.max(280, room.width - 4), height }] as const;
}

/** Step controls shared by the tree, the toy and the bars: ← → PageUp PageDown Home End. */
function Stepper({ index, total, label, go }: { index: number; total: number; label: string; go: (i: number) => void }) {
  const { t } = useI18n();
  useStepKeys({ prev: () => go(index - 1), next: () => go(index + 1), first: () => go(0), last: () => go(total - 1) });
  return (
    <StepControls
      index={index}
      total={total}
      onPrev={() => go(index - 1)}
      onNext={() => go(index + 1)}
      labels={{ prev: t('tour.prev'), next: t('tour.next'), position: label }}
    />
  );
}

// ------------------------------------------------------------------ the tree of a model

function treeNodes(tree: BeamTree, labels: readonly string[], perParent: number, step = Infinity) {
  const view = treeView(tree, step, perParent);
  const nodes: TreeNodeIn[] = view.nodes.map((n) => ({ id: n.id, step: n.step, parent: n.parent, rank: n.rank, fate: n.fate, label: tokenLabel(labels, n.token) }));
  return { nodes, winnerPath: view.winnerPath };
}

export function TreePart({ ctx }: { ctx: LabContext }) {
  const { t } = useI18n();
  const treeStep = useAppStore((s) => s.treeStep);
  const setTreeStep = useAppStore((s) => s.setTreeStep);
  const { bundle, task, source, settings, stored, presenting } = ctx;
  const width = ctx.strategy === 'greedy' ? 1 : settings.width;
  const alpha = settings.alpha;
  const srcEos = bundle.meta.srcEos;
  const mb = useMemo(() => timed('decoding-beam', () => modelBeam(bundle.model, task, source, { width, alpha, srcEos })), [bundle, task, source, width, alpha, srcEos]);
  const greedy = useMemo(() => strategyOutput(bundle.model, task, source, bundle.meta.srcEos, 'greedy', settings), [bundle, task, source, settings]);
  const labels = bundle.meta.tgtVocab;
  const steps = mb.tree.steps.length - 1;
  const step = treeStep === null ? steps : clamp(treeStep, 0, steps);
  const go = (i: number) => {
    const j = clamp(i, 0, steps);
    setTreeStep(j === steps ? null : j);
  };
  const [cursor, setCursor] = useState<number | null>(null);
  const [seen, setSeen] = useState(mb);
  if (seen !== mb) {
    setSeen(mb);
    setCursor(null);
  }
  const [roomRef, room] = useFigureRoom(presenting);
  const fontSize = presenting ? 20 : 15;
  // as many faded alternatives per parent as the room takes (2, 1, or none), preferring a tree
  // with both numbers under its nodes, then one with the score under them (log p in the readout)
  const { drawn, numberLines } = useMemo(() => {
    const options = [2, 1].map((per) => {
      const v = treeNodes(mb.tree, labels, per);
      return { v, l: beamTreeLayout({ ...v, width: room.width, height: room.height, fontSize, steps }) };
    }).filter((o) => o.l.neededHeight <= room.height);
    const pick = options.find((o) => o.l.numberLines === 2) ?? options.find((o) => o.l.numberLines === 1) ?? options[0];
    if (pick) return { drawn: pick.v, numberLines: pick.l.numberLines };
    const v = treeNodes(mb.tree, labels, width === 1 ? 1 : 0);
    return { drawn: v, numberLines: beamTreeLayout({ ...v, width: room.width, height: room.height, fontSize, steps }).numberLines };
  }, [mb, labels, room.width, room.height, fontSize, steps, width]);
  const byId = mb.tree.nodes;
  const prefixOf = (id: number) => {
    const ids = nodePrefix(mb.tree, id).filter((x) => x !== bundle.model.config.eos);
    return ids.map((x) => tokenLabel(labels, x)).join('');
  };
  const fate = (f: string) => t(f === 'kept' ? 'decoding.fate.kept' : f === 'pruned' ? 'decoding.fate.pruned' : 'decoding.fate.finished');
  const describe = (id: number) => {
    const n = byId[id];
    if (!n || n.parent < 0) return t('decoding.node.root');
    return t('decoding.node', {
      step: n.step, prefix: prefixOf(id), token: tokenLabel(labels, n.token), lp: fmtLogProb(n.logProb), p: fmtProb(Math.exp(n.logProb)),
      score: fmtLogProb(n.score), rank: n.rank + 1, fate: fate(n.fate),
    }) + (id === mb.tree.winner && step >= steps ? ` ${t('decoding.node.winner')}` : '');
  };
  const textAlt = mb.finished.length > 0
    ? t('decoding.tree.alt', { list: mb.finished.map((f) => t('decoding.tree.altItem', { text: f.text === '' ? '∅' : f.text, score: fmtLogProb(f.score) })).join('; ') })
    : t('decoding.tree.altNone', { text: mb.output, score: fmtLogProb(mb.result.score) });

  const openInTour = (id: number) => {
    let ids = nodePrefix(mb.tree, id);
    if (ids[ids.length - 1] === bundle.model.config.eos) ids = ids.slice(0, -1);
    const at = tourStepOf(bundle.model, task, source, bundle.meta.srcEos, ids);
    const forced = prefixText(task, ids);
    if (ctx.user) {
      // the tour opens the same model opened in the page, then the prefix (openUserModel resets source and step)
      useAppStore.getState().openUserModel(ctx.user.key, 'tour');
      useAppStore.setState({ source, forced, step: at });
    } else useAppStore.setState({ view: 'tour', task: task.name as never, tourModel: null, source, forced, step: at });
  };
  const cursorPrefix = cursor !== null ? prefixText(task, nodePrefix(mb.tree, cursor).filter((x) => x !== bundle.model.config.eos)) : '';

  // the finding: measured on the test set, and on this input
  const measurable = !stored && ctx.user ? modelTestSize(task, bundle.meta) : null;
  const finding = (() => {
    if (!stored) return ctx.user && measurable === null ? t('decoding.finding.none', { name: ctx.modelName }) : null;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    if (width === 1) return t('decoding.finding.greedy', { n: stored.n.toLocaleString('en'), errors: stored.greedy.errors, em: pct(stored.greedy.exactMatch) });
    const b = stored.beam.find((x) => x.width === width);
    if (!b) return null;
    return t('decoding.finding.measured', {
      n: stored.n.toLocaleString('en'), errors: stored.greedy.errors, em: pct(stored.greedy.exactMatch), k: width, fixed: b.fixed, broken: b.broken, bem: pct(b.exactMatch),
    }) + (alpha > 0 ? ` ${t('decoding.finding.alpha')}` : '');
  })();
  const here = (() => {
    const g = greedy, b = mb.result;
    const gText = task.tgtVocab.decode(g.tokens), bText = mb.output;
    if (width === 1) return null;
    if (g.tokens.join() === b.tokens.join()) return t('decoding.here.same', { k: width });
    if (!g.finished && b.finished && g.score > b.score) {
      return t('decoding.here.neverFinishes', { greedy: gText, n: g.tokens.length, gl: fmtLogProb(g.score), beam: bText, bl: fmtLogProb(b.score), k: width });
    }
    if (b.score > g.score) return t('decoding.here.moreProbable', { greedy: gText, gl: fmtLogProb(g.score), beam: bText, bl: fmtLogProb(b.score), k: width });
    return t('decoding.here.differ', { greedy: gText, gl: fmtLogProb(g.score), beam: bText, bl: fmtLogProb(b.score), k: width });
  })();

  // the caption says what is under the nodes: both numbers, the score only, or nothing (the readout has them)
  const caption = width === 1
    ? t('decoding.tree.captionGreedy', { input: source })
    : t(numberLines === 2 ? 'decoding.tree.caption' : numberLines === 1 ? 'decoding.tree.captionScore' : 'decoding.tree.captionNone', { k: width, alpha: String(alpha), input: source });
  return (
    <div className="dec-part-body">
      <div className="dec-part-head">
        <Stepper index={step} total={steps + 1} go={go} label={t('decoding.stepOf', { n: step, total: steps })} />
      </div>
      <div className="dec-figure" ref={roomRef}>
        <BeamTreeFigure
          nodes={drawn.nodes}
          winnerPath={drawn.winnerPath}
          numbers={(id) => (byId[id] ? { logProb: byId[id].logProb, score: byId[id].score } : undefined)}
          step={step}
          steps={steps}
          width={room.width}
          height={room.height}
          fontSize={fontSize}
          caption={caption}
          describe={describe}
          textAlt={textAlt}
          fileName={`decoding-${task.name}-beam-k${width}-${source}`}
          cursor={cursor}
          onCursor={setCursor}
          onOpen={openInTour}
          readoutHint={t('decoding.tree.readoutHint')}
          footer={
            <div className="dec-tree-foot">
              <button type="button" className="small" disabled={cursor === null} onClick={() => cursor !== null && openInTour(cursor)}>
                {cursor === null ? t('decoding.openTourNone') : t('decoding.openTour', { prefix: cursorPrefix === '' ? '∅' : cursorPrefix })}
              </button>
            </div>
          }
        />
      </div>
      {here && <p className="dec-here">{here}</p>}
      {finding && <p className="dec-finding">{finding}</p>}
      {measurable !== null && <MeasureGreedyBeam ctx={ctx} width={width} alpha={alpha} total={measurable} />}
    </div>
  );
}

/**
 * Greedy against beam search on the test inputs a model opened in the page held out in its
 * training (its .json names its seed and split sizes, as the training lab's do): measured on
 * request, a few inputs at a time between zero timeouts, so the page never freezes.
 */
function MeasureGreedyBeam({ ctx, width, alpha, total }: { ctx: LabContext; width: number; alpha: number; total: number }) {
  const { t } = useI18n();
  const { bundle, task } = ctx;
  const key = `${ctx.user?.key ?? task.name}|${width}|${alpha}`;
  const [state, setState] = useState<{ key: string; tally: GreedyBeamTally } | null>(null);
  const cancel = useRef<(() => void) | null>(null);
  useEffect(() => () => cancel.current?.(), [key]);
  const current = state && state.key === key ? state.tally : null;
  const start = () => {
    cancel.current?.();
    let live = true;
    cancel.current = () => {
      live = false;
    };
    let tally: GreedyBeamTally = { n: 0, total, width, alpha, greedyRight: 0, beamRight: 0, fixed: 0, broken: 0 };
    let test: ReturnType<typeof modelTestSet> = null;
    const step = () => {
      if (!live) return;
      const t0 = performance.now();
      test ??= modelTestSet(task, bundle.meta) ?? [];
      tally = { ...tally, total: test.length };
      while (tally.n < test.length && performance.now() - t0 < 20) tally = tallyGreedyBeam(bundle.model, task, test.slice(tally.n, tally.n + 4), tally);
      setState({ key, tally });
      if (tally.n < test.length) setTimeout(step, 0);
    };
    setState({ key, tally });
    setTimeout(step, 0);
  };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (!current) {
    return (
      <div className="dec-finding dec-measure">
        <span>{t('decoding.measure.none', { name: ctx.modelName, n: total })}</span>{' '}
        <button type="button" className="small" onClick={start}>{t('decoding.measure.button', { n: total, k: width })}</button>
      </div>
    );
  }
  if (current.n < current.total || current.total === 0) {
    return <p className="dec-finding" role="status">{t('decoding.measure.progress', { done: current.n, n: current.total || total })}</p>;
  }
  const n = current.n, errors = n - current.greedyRight;
  return (
    <p className="dec-finding" role="status">
      {width === 1
        ? t('decoding.measure.resultGreedy', { n, errors, em: pct(current.greedyRight / n) })
        : t('decoding.measure.result', { n, errors, em: pct(current.greedyRight / n), k: width, fixed: current.fixed, broken: current.broken, bem: pct(current.beamRight / n) })}
    </p>
  );
}

// ------------------------------------------------------------------ the lecture's toy

export function ToyPart({ width, presenting }: { width: number; presenting: boolean }) {
  const { t } = useI18n();
  const toy = useAppStore((s) => s.toy);
  const setToy = useAppStore((s) => s.setToy);
  const treeStep = useAppStore((s) => s.treeStep);
  const setTreeStep = useAppStore((s) => s.setTreeStep);
  const [notes, setNotes] = useState<string[]>([]);
  const ex = useMemo(() => toyExample({ depth: 2, pA: { '': toy[0], A: toy[1], B: toy[2] } }, width), [toy, width]);
  const tree = ex.beam.tree!;
  const steps = tree.steps.length - 1;
  const step = treeStep === null ? steps : clamp(treeStep, 0, steps);
  const go = (i: number) => {
    const j = clamp(i, 0, steps);
    setTreeStep(j === steps ? null : j);
  };
  const [cursor, setCursor] = useState<number | null>(null);
  const [roomRef, room] = useFigureRoom(presenting);
  const view = useMemo(() => {
    const v = treeView(tree, Infinity, 3);
    const nodes: TreeNodeIn[] = v.nodes
      .filter((n) => n.logProb > -Infinity)
      .map((n) => ({ id: n.id, step: n.step, parent: n.parent, rank: n.rank, fate: n.fate, label: n.token < 0 ? 'BOS' : n.token === 0 ? 'EOS' : TOY_TOKENS[n.token] }));
    return { nodes, winnerPath: v.winnerPath };
  }, [tree]);
  const setP = (i: number, v: number) => {
    const used = clamp(v, 0, 1);
    const next = [...toy] as [number, number, number];
    next[i] = used;
    setToy(next);
    setNotes(used !== v ? [t('decoding.toy.clamped', { given: String(v), used: String(used) })] : []);
  };
  const pathOf = (tokens: number[]) => tokens.filter((x) => x !== 0).map((x) => TOY_TOKENS[x]).join('');
  const greedyText = pathOf(ex.greedy.tokens), beamText = pathOf(ex.beam.tokens);
  const pOf = (text: string) => ex.paths.find((p) => p.text === text)?.probability ?? 0;
  const factors = (text: string) => {
    const f: string[] = [];
    let prefix = '';
    for (const ch of text) {
      const pa = ex.tree.pA[prefix];
      f.push(fmtProb(ch === 'A' ? pa : 1 - pa, 2));
      prefix += ch;
    }
    return f.join(' × ');
  };
  const describe = (id: number) => {
    const n = tree.nodes[id];
    if (!n || n.parent < 0) return t('decoding.node.root');
    const prefix = nodePrefix(tree, id).map((x) => (x === 0 ? 'EOS' : TOY_TOKENS[x])).join('');
    return t('decoding.toy.node', { prefix, p: fmtProb(Math.exp(n.logProb), 2), total: fmtProb(Math.exp(n.score), 3), fate: t(n.fate === 'kept' ? 'decoding.fate.kept' : n.fate === 'pruned' ? 'decoding.fate.pruned' : 'decoding.fate.finished') });
  };
  const why = ex.beamBetter
    ? t('decoding.toy.why', { first: fmtProb(ex.tree.pA[''], 2), greedy: greedyText, gp: fmtProb(pOf(greedyText), 3), gf: factors(greedyText), k: width, beam: beamText, bp: fmtProb(pOf(beamText), 3), bf: factors(beamText) })
    : width === 1
      ? t('decoding.toy.greedyOnly', { greedy: greedyText, gp: fmtProb(pOf(greedyText), 3), best: ex.paths[0].text, bp: fmtProb(ex.paths[0].probability, 3) })
      : t('decoding.toy.same', { greedy: greedyText, gp: fmtProb(pOf(greedyText), 3), k: width });
  const labelsP = [t('decoding.toy.pStart'), t('decoding.toy.pA'), t('decoding.toy.pB')];
  return (
    <div className="dec-part-body">
      <div className="dec-part-head">
        <Stepper index={step} total={steps + 1} go={go} label={t('decoding.stepOf', { n: step, total: steps })} />
      </div>
      <p className="dec-finding">{why}</p>
      <div className="dec-toy">
        <div className="dec-toy-side">
          <fieldset className="dec-group">
            <legend>{t('decoding.toy.edit')}</legend>
            {labelsP.map((l, i) => (
              <NumberField key={i} label={l} value={toy[i]} min={0} max={1} step={0.05} onValue={(v) => setP(i, v)} />
            ))}
          </fieldset>
          {notes.length > 0 && <p className="note" role="status">{notes[0]}</p>}
          <table className="lab-table dec-table">
            <caption>{t('decoding.toy.paths')}</caption>
            <thead>
              <tr><th scope="col">{t('decoding.toy.path')}</th><th scope="col">{t('decoding.toy.prob')}</th><th scope="col">{t('decoding.toy.chosen')}</th></tr>
            </thead>
            <tbody>
              {ex.paths.map((p) => (
                <tr key={p.text}>
                  <th scope="row">{p.text}</th>
                  <td>{`${factors(p.text)} = ${fmtProb(p.probability, 3)}`}</td>
                  <td>{[p.text === greedyText ? t('decoding.strategy.greedy') : '', p.text === beamText && width > 1 ? t('decoding.toy.beamK', { k: width }) : ''].filter(Boolean).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="dec-figure" ref={roomRef}>
          <BeamTreeFigure
            nodes={view.nodes}
            winnerPath={view.winnerPath}
            numbers={(id) => (tree.nodes[id] ? { logProb: tree.nodes[id].logProb, score: tree.nodes[id].score } : undefined)}
            step={step}
            steps={steps}
            width={room.width}
            height={Math.min(room.height - (presenting ? 32 : 0), presenting ? 560 : 420)}
            fontSize={presenting ? 22 : 16}
            caption={width === 1 ? t('decoding.toy.captionGreedy') : t('decoding.toy.caption', { k: width })}
            describe={describe}
            textAlt={t('decoding.tree.alt', { list: ex.beam.hypotheses.map((h) => t('decoding.tree.altItem', { text: pathOf(h.tokens), score: fmtLogProb(h.score) })).join('; ') })}
            fileName={`decoding-toy-k${width}`}
            formatNumber={(v) => fmtProb(Math.exp(v), 2)}
            keysHint={t('decoding.toy.keys')}
            cursor={cursor}
            onCursor={setCursor}
          />
        </div>
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ the next-token distribution

export function BarsPart({ ctx }: { ctx: LabContext }) {
  const { t } = useI18n();
  const treeStep = useAppStore((s) => s.treeStep);
  const setTreeStep = useAppStore((s) => s.setTreeStep);
  const { bundle, task, source, settings, presenting } = ctx;
  const tokens = ctx.output.tokens;
  const L = Math.max(1, tokens.length);
  const pos = treeStep === null ? 1 : clamp(treeStep, 1, L);
  const go = (i: number) => setTreeStep(clamp(i + 1, 1, L));
  const prefix = useMemo(() => tokens.slice(0, pos - 1), [tokens, pos]);
  const d = useMemo(
    () => timed('decoding-bars', () => nextTokenBars(bundle.model, task, source, prefix, { temperature: settings.temperature, topK: settings.topK, topP: settings.topP, srcEos: bundle.meta.srcEos })),
    [bundle, task, source, prefix, settings.temperature, settings.topK, settings.topP],
  );
  const labels = bundle.meta.tgtVocab;
  const [roomRef, room] = useFigureRoom(presenting);
  const fontSize = presenting ? 20 : 14;
  const removedK = new Set(d.removedByTopK), removedP = new Set(d.removedByTopP);
  const order = d.order.filter((id) => id !== bundle.model.config.pad && id !== bundle.model.config.bos);
  const cut = (id: number): Cut => (removedK.has(id) ? 'topK' : removedP.has(id) ? 'topP' : null);
  const layout = useMemo(
    () => distBarsLayout({
      labels: order.map((id) => tokenLabel(labels, id)), before: order.map((id) => d.probs[id]), after: order.map((id) => d.tempered[id]),
      cut: order.map(cut), width: room.width, height: Math.min(room.height, presenting ? 620 : 460), fontSize,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, room.width, room.height, fontSize, presenting],
  );
  const [hover, setHover] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const chosen = tokens[pos - 1];
  const prefixShown = prefix.map((x) => tokenLabel(labels, x)).join('');
  const describe = (i: number) => {
    const id = order[i];
    const c = cut(id);
    return t('decoding.bars.readout', {
      token: tokenLabel(labels, id), p: fmtProb(d.probs[id]), pt: fmtProb(d.tempered[id]), pf: fmtProb(d.final[id]),
    }) + (c ? ` ${t(c === 'topK' ? 'decoding.bars.cutK' : 'decoding.bars.cutP')}` : '');
  };
  const kept = order.filter((id) => cut(id) === null).length;
  const caption = t('decoding.bars.caption', {
    step: pos, prefix: prefixShown === '' ? '∅' : prefixShown, tau: settings.temperature.toFixed(2),
    k: settings.topK === 0 ? t('decoding.offWord') : String(settings.topK), p: settings.topP >= 1 ? t('decoding.offWord') : String(settings.topP),
  });
  const getSvg = () => standaloneSvg(svgRef.current ? new XMLSerializer().serializeToString(svgRef.current) : '', layout.width, layout.height, caption);
  const top = order[0];
  return (
    <div className="dec-part-body">
      <div className="dec-part-head">
        <Stepper index={pos - 1} total={L} go={go} label={t('decoding.bars.position', { n: pos, total: L })} />
      </div>
      <p className="dec-finding">
        {t('decoding.bars.summary', {
          top: tokenLabel(labels, top), p: fmtProb(d.probs[top]), pt: fmtProb(d.tempered[top]), tau: settings.temperature.toFixed(2), kept, V: order.length,
          chosen: chosen === undefined ? '∅' : tokenLabel(labels, chosen),
        })}
      </p>
      <div className="dec-figure" ref={roomRef}>
        <FigureFrame
          caption={caption}
          className="dist-bars"
          readout={hover !== null ? describe(hover) : null}
          legend={
            <ul className="tree-legend">
              <li><span className="swatch before" aria-hidden="true" />{t('decoding.bars.before')}</li>
              <li><span className="swatch after" aria-hidden="true" />{t('decoding.bars.after')}</li>
              <li><span className="swatch picked" aria-hidden="true" />{t('decoding.bars.chosen')}</li>
              <li><span className="swatch cutP" aria-hidden="true" />{t('decoding.bars.cutP')}</li>
              <li><span className="swatch cutK" aria-hidden="true" />{t('decoding.bars.cutK')}</li>
            </ul>
          }
          getSvg={getSvg}
          fileName={`decoding-${task.name}-next-token-step${pos}`}
          exportLabels={{ svg: t('tour.export.svg'), png: t('tour.export.png') }}
        >
          <div role="img" aria-label={t('decoding.bars.label')} aria-describedby={`dec-bars-alt`}>
            <svg ref={svgRef} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} onMouseLeave={() => setHover(null)}>
              {layout.bands.map((b) => (
                <rect key={b.cut} className={`band ${b.cut}`} x={b.x} y={layout.top - 4} width={b.w} height={layout.y0 - layout.top + 4} />
              ))}
              <g fontSize={Math.max(11, fontSize - 2)} fill="#374151">
                {layout.yTicks.map((tk) => (
                  <g key={tk.value}>
                    <line x1={layout.x0 - 4} x2={layout.x1} y1={tk.y} y2={tk.y} stroke="#e5e7eb" />
                    <text x={layout.x0 - 8} y={tk.y} textAnchor="end" dominantBaseline="central">{tk.label}</text>
                  </g>
                ))}
              </g>
              <line x1={layout.x0} x2={layout.x1} y1={layout.y0} y2={layout.y0} stroke="#111827" />
              {layout.bars.map((b) => (
                <g key={b.index} onMouseEnter={() => setHover(b.index)} className={order[b.index] === chosen ? 'bar-pair chosen' : 'bar-pair'}>
                  <rect x={b.slotX} y={layout.top} width={b.slotW} height={layout.y0 - layout.top} fill="transparent" />
                  <rect className="bar before" x={b.before.x} y={b.before.y} width={b.before.w} height={Math.max(b.before.h, 0.5)} />
                  <rect className="bar after" x={b.after.x} y={b.after.y} width={b.after.w} height={Math.max(b.after.h, 0.5)} />
                  <text x={b.slotX + b.slotW / 2} y={layout.labelY} textAnchor="middle" dominantBaseline="hanging" fontSize={fontSize} fontWeight={order[b.index] === chosen ? 700 : 400}>{b.label}</text>
                </g>
              ))}
            </svg>
          </div>
          <p id="dec-bars-alt" className="visually-hidden">
            {order.slice(0, 5).map((id) => `${tokenLabel(labels, id)} ${fmtProb(d.probs[id])} → ${fmtProb(d.tempered[id])}`).join('; ')}
          </p>
          {layout.hidden > 0 && <p className="hint">{t('decoding.bars.hidden', { n: layout.hidden })}</p>}
        </FigureFrame>
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ side by side

interface SideState {
  key: string;
  greedy: SideBySideRow;
  beam: SideBySideRow;
  samples: SideBySideRow[];
  drawn: number;
  total: number;
}

export function SidePart({ ctx }: { ctx: LabContext }) {
  const { t } = useI18n();
  const { bundle, task, source, settings } = ctx;
  // the model too: two models opened in the page may share a task's name
  const key = JSON.stringify([ctx.user?.key ?? task.name, source, settings]);
  const [state, setState] = useState<SideState | null>(null);
  useEffect(() => {
    const job = sideBySideJob(bundle.model, task, source, bundle.meta.srcEos, settings);
    return runInPieces(job, (r) => setState({ key, ...r }), {
      budgetMs: 30,
      onDone: (pieces) => {
        try {
          pieces.forEach((ms, i) => performance.measure(`decoding-side-piece-${i}`, { start: 0, duration: ms }));
        } catch {
          // no User Timing
        }
      },
    });
  }, [bundle, task, source, settings, key]);
  const current = state && state.key === key ? state : null;
  if (!current) return <p className="loading">{t('decoding.side.computing')}</p>;
  const rows = [current.greedy, current.beam, ...current.samples];
  const best = bestRows(rows);
  const name = (r: SideBySideRow) => (r.strategy === 'greedy' ? t('decoding.strategy.greedy') : r.strategy === 'beam' ? t('decoding.toy.beamK', { k: settings.width }) : t('decoding.side.sample'));
  // without ground truth (a model trained elsewhere on a task of its own) there is no BLEU and no right or wrong
  const truth = ctx.refs !== null;
  return (
    <div className="dec-part-body">
      <p className="dec-finding">
        {!truth
          ? t('decoding.side.noTruth', { name: ctx.modelName, mp: rows[best.mostProbable].output || '∅', mpl: fmtLogProb(rows[best.mostProbable].logProb) })
          : best.differ
          ? t('decoding.side.metric', { mp: rows[best.mostProbable].output || '∅', mpl: fmtLogProb(rows[best.mostProbable].logProb), mpb: (rows[best.mostProbable].bleu * 100).toFixed(1), bb: rows[best.bestBleu].output || '∅', bbl: fmtLogProb(rows[best.bestBleu].logProb), bbb: (rows[best.bestBleu].bleu * 100).toFixed(1) })
          : t('decoding.side.agree', { mp: rows[best.mostProbable].output || '∅', mpl: fmtLogProb(rows[best.mostProbable].logProb) })}
      </p>
      <TableWrap label={t('decoding.part.side')}>
        <table className="lab-table dec-table dec-side">
          <caption>{t('decoding.side.caption', { input: source, ref: ctx.refs ? ctx.refs.join(t('decoding.or')) : '—', n: current.total, tau: settings.temperature.toFixed(2), seed: settings.seed })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('decoding.side.col.strategy')}</th>
              <th scope="col">{t('decoding.side.col.output')}</th>
              <th scope="col">{t('decoding.side.col.count')}</th>
              <th scope="col">{t('decoding.side.col.logp')}</th>
              <th scope="col">{t('decoding.side.col.bleu')}</th>
              <th scope="col">{t('decoding.side.col.right')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.strategy}-${r.tokens.join(',')}`} className={[i === best.mostProbable ? 'most-probable' : '', truth && i === best.bestBleu ? 'best-bleu' : ''].join(' ').trim() || undefined}>
                <th scope="row">{name(r)}</th>
                <td><code>{r.output === '' ? '∅' : r.output}</code>{!r.finished && <span className="dec-flag">{` ${t('decoding.unfinishedShort')}`}</span>}</td>
                <td>{r.strategy === 'sample' ? `${r.count} / ${current.total}` : '—'}</td>
                <td>{fmtLogProb(r.logProb)}</td>
                <td>{truth ? (r.bleu * 100).toFixed(1) : '—'}</td>
                <td>{truth ? (r.correct ? t('decoding.yes') : t('decoding.no')) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="hint" aria-live="polite">{current.drawn < current.total ? t('decoding.side.progress', { n: current.drawn, total: current.total }) : t('decoding.side.seeds', { seed: settings.seed, last: settings.seed + current.total - 1 })}</p>
    </div>
  );
}

// ------------------------------------------------------------------ error propagation

export function ErrorPart({ ctx }: { ctx: LabContext }) {
  const { t } = useI18n();
  // teacher forcing feeds the right output: without ground truth there is nothing to line the free run up with
  if (ctx.refs === null) {
    return (
      <div className="dec-part-body">
        <p className="dec-finding">{t('decoding.error.intro')}</p>
        <p className="dec-here" role="status">{t('decoding.error.noTruth', { name: ctx.modelName })}</p>
      </div>
    );
  }
  return <ErrorPartWithTruth ctx={ctx} />;
}

function ErrorPartWithTruth({ ctx }: { ctx: LabContext }) {
  const { t } = useI18n();
  const ids = useId();
  const errStep = useAppStore((s) => s.errStep);
  const errToken = useAppStore((s) => s.errToken);
  const setErr = useAppStore((s) => s.setErr);
  const { bundle, task, source } = ctx;
  const labels = bundle.meta.tgtVocab;
  const L = referenceLength(task, source);
  const step = clamp(errStep, 0, L - 1);
  const stepNote = errStep !== step ? t('decoding.error.stepClamped', { given: errStep + 1, used: step + 1, max: L }) : null;
  const typed = errToken === '' ? null : task.tgtVocab.idOf(errToken);
  const refused = errToken !== '' && (typed === undefined || [...errToken].length !== 1) ? t('decoding.error.refused', { char: errToken }) : null;
  const fallback = useMemo(() => likeliestWrongToken(bundle.model, task, source, bundle.meta.srcEos, step), [bundle, task, source, step]);
  const token = typed !== undefined && typed !== null && !refused ? typed : fallback;
  const ep = useMemo(() => timed('decoding-error', () => errorPropagation(bundle.model, task, source, step, token, bundle.meta.srcEos)), [bundle, task, source, step, token]);
  const [draft, setDraft] = useState(errToken);
  const [seenTok, setSeenTok] = useState(errToken);
  if (seenTok !== errToken) {
    setSeenTok(errToken);
    setDraft(errToken);
  }
  const after = ep.rows.filter((r) => r.position > step);
  const teacherRight = after.filter((r) => r.truth >= 0 && r.teacher === r.truth).length;
  const afterTruth = after.filter((r) => r.truth >= 0).length;
  const show = (id: number) => (id < 0 ? '' : tokenLabel(labels, id));
  const reference = task.solve(source);
  return (
    <div className="dec-part-body">
      <p className="dec-finding">{t('decoding.error.intro')}</p>
      <div className="dec-error-fields">
        <NumberField label={t('decoding.error.step')} value={step + 1} min={1} max={L} step={1} onValue={(v) => setErr(Math.round(v) - 1, errToken)} />
        <div className="dec-field">
          <label htmlFor={`${ids}-tok`}>{t('decoding.error.token')}</label>
          <input
            id={`${ids}-tok`}
            type="text"
            value={draft}
            size={4}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={refused !== null}
            aria-describedby={refused ? `${ids}-refused` : undefined}
            placeholder={show(fallback)}
            onChange={(e) => {
              setDraft(e.target.value);
              setErr(step, e.target.value);
            }}
          />
        </div>
        <span className="hint">{t('decoding.error.tokenHint', { token: show(fallback) })}</span>
      </div>
      {refused && <p id={`${ids}-refused`} className="error" role="alert">{refused}</p>}
      {stepNote && <p className="note" role="status">{stepNote}</p>}
      <p className="dec-here">
        {ep.wrong
          ? t('decoding.error.summary', { pos: step + 1, token: show(token), truth: show(ep.reference[step]), out: ep.freeOutput || '∅', ref: reference, diverged: ep.diverged, after: after.length, tr: teacherRight, tt: afterTruth })
          : t('decoding.error.notWrong', { pos: step + 1, token: show(token) })}
      </p>
      <TableWrap label={t('decoding.part.error')}>
        <table className="lab-table dec-table dec-error" style={{ '--cols': ep.rows.length } as React.CSSProperties}>
          <caption>{t('decoding.error.caption', { input: source })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('decoding.error.col.pos')}</th>
              {ep.rows.map((r) => <th key={r.position} scope="col">{r.position + 1}</th>)}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('decoding.error.col.truth')}</th>
              {ep.rows.map((r) => <td key={r.position}>{show(r.truth)}</td>)}
            </tr>
            <tr>
              <th scope="row">{t('decoding.error.col.free')}</th>
              {ep.rows.map((r) => (
                <td key={r.position} className={r.forced ? 'forced' : r.free !== r.truth && r.free >= 0 ? 'off' : undefined}>
                  {show(r.free)}
                  {r.forced && <span className="visually-hidden">{` ${t('decoding.error.forcedMark')}`}</span>}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('decoding.error.col.teacher')}</th>
              {ep.rows.map((r) => <td key={r.position} className={r.teacher >= 0 && r.teacher !== r.truth ? 'off' : undefined}>{show(r.teacher)}</td>)}
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <p className="hint">{t('decoding.error.legend')}</p>
    </div>
  );
}

// ------------------------------------------------------------------ AT against NAT

function FormRow({ output, refs, label }: { output: string; refs: string[]; label: string }) {
  const { t } = useI18n();
  const chars = [...output];
  const a = [...(refs[0] ?? '')], b = [...(refs[1] ?? '')];
  return (
    <div className="dec-forms" role="group" aria-label={label}>
      <span className="dec-forms-label">{label}</span>
      {chars.map((c, i) => {
        const inA = a[i] === c, inB = b[i] === c;
        const kind = refs.length < 2 ? (inA ? 'both' : 'neither') : inA && inB ? 'both' : inA ? 'iso' : inB ? 'dotted' : 'neither';
        return (
          <span key={i} className={`dec-char ${kind}`} title={t(`decoding.nat.char.${kind}`)}>
            {c}
            <span className="visually-hidden">{` (${t(`decoding.nat.char.${kind}`)})`}</span>
          </span>
        );
      })}
    </div>
  );
}

function MultimodalityTable({ at, nat }: { at: StoredMultimodality | null; nat: StoredMultimodality | null }) {
  const { t } = useI18n();
  if (!at || !nat) return null;
  const pct = (x: number, n: number) => `${((x / n) * 100).toFixed(1)}%`;
  return (
    <TableWrap label={t('decoding.part.nat')}>
    <table className="lab-table dec-table dec-multi">
      <caption>{t('decoding.nat.multiCaption', { n: at.n.toLocaleString('en') })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('decoding.nat.col.model')}</th>
          <th scope="col">{t('decoding.nat.col.right')}</th>
          <th scope="col">{t('decoding.nat.col.iso')}</th>
          <th scope="col">{t('decoding.nat.col.dotted')}</th>
          <th scope="col">{t('decoding.nat.col.mixed')}</th>
          <th scope="col">{t('decoding.nat.col.both')}</th>
        </tr>
      </thead>
      <tbody>
        {([['at', at], ['nat', nat]] as const).map(([k, m]) => (
          <tr key={k}>
            <th scope="row">{t(k === 'at' ? 'decoding.nat.at' : 'decoding.nat.nat')}</th>
            <td>{pct(m.correct, m.n)}</td>
            <td>{m.iso}</td>
            <td>{m.dotted}</td>
            <td><strong>{`${m.mixed} (${pct(m.mixed, m.n)})`}</strong></td>
            <td>{`${m.mixesBoth} (${pct(m.mixesBoth, m.n)})`}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableWrap>
  );
}

/** AT against NAT on the shipped models; `userModel`: the name of a model opened in the page the lab shows (it has no NAT, and the part says so). */
export function NatPart({ presenting, userModel = null }: { presenting: boolean; userModel?: string | null }) {
  const { t } = useI18n();
  const ids = useId();
  const natTask = useAppStore((s) => s.natTask);
  const natSource = useAppStore((s) => s.natSource);
  const setNatTask = useAppStore((s) => s.setNatTask);
  const setNatSource = useAppStore((s) => s.setNatSource);
  const task = getTask(natTask);
  const at = useBundle(natTask);
  const nat = useNatBundle(natTask);
  const atB = at.status === 'ready' ? at.bundle : null;
  const natB = nat.status === 'ready' ? nat.bundle : null;
  const multiAt = atB ? storedMultimodality(atB.meta) : null;
  const multiNat = natB ? storedMultimodality(natB.meta) : null;
  const examples = multiNat?.mixedExamples.map((e) => e.input).slice(0, 5) ?? [];
  const source: string = natSource !== '' ? natSource : (multiNat?.mixedExamples[0]?.input ?? task.example);
  // one run per model pair and input (the compiler cannot see that the bundles are never mutated)
  /* eslint-disable react-hooks/preserve-manual-memoization */
  const { problems, cmp } = useMemo(() => {
    const tk = getTask(natTask);
    const pr = inputProblems(tk, atB, source);
    return { problems: pr, cmp: atB && natB && pr.length === 0 ? timed('decoding-atnat', () => compareAtNat(atB.model, natB.model, tk, source)) : null };
  }, [atB, natB, natTask, source]);
  /* eslint-enable react-hooks/preserve-manual-memoization */
  const refs = cmp?.references ?? [];
  const form = (o: string) => (natTask === 'date-multi' ? t(`decoding.nat.form.${dateMultiForm(o)}`) : '—');
  const lines = problemLines(t, problems);
  return (
    <div className={`dec-part-body dec-nat${presenting ? ' presenting' : ''}`}>
      <p className="dec-finding">{t('decoding.nat.intro')}</p>
      {userModel !== null && <p className="note dec-nat-user" role="status">{t('decoding.nat.userModel', { name: userModel })}</p>}
      <div className="dec-nat-fields">
        <div className="dec-field">
          <label htmlFor={`${ids}-task`}>{t('decoding.nat.task')}</label>
          <select id={`${ids}-task`} value={natTask} onChange={(e) => setNatTask(e.target.value as NatTask)}>
            {NAT_TASKS.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        <div className="dec-field dec-source">
          <label htmlFor={`${ids}-src`}>{t('decoding.source')}</label>
          <input id={`${ids}-src`} type="text" value={source} autoComplete="off" spellCheck={false} aria-invalid={problems.length > 0} onChange={(e) => setNatSource(e.target.value)} />
        </div>
        {examples.length > 0 && (
          <div className="dec-examples">
            <span>{t('decoding.nat.examples')}</span>
            {examples.map((e) => <button key={e} type="button" className="small" aria-pressed={source === e} onClick={() => setNatSource(e)}>{e}</button>)}
          </div>
        )}
      </div>
      {problems.length > 0 && <ul className="problems" role="alert">{lines.map((l, i) => <li key={i}>{l}</li>)}</ul>}
      {(at.status === 'loading' || nat.status === 'loading') && <p className="loading">{t('tour.loading', { task: natTask })}</p>}
      {at.status === 'error' && <p className="error" role="alert">{t('tour.loadError', { task: natTask, message: at.error })}</p>}
      {nat.status === 'error' && <p className="error" role="alert">{t('tour.loadError', { task: `${natTask}-nat`, message: nat.error })}</p>}
      {cmp && (
        <>
          <TableWrap label={t('decoding.nat.multiLabel')}>
          <table className="lab-table dec-table dec-atnat">
            <caption>{t('decoding.nat.caption', { input: source, refs: refs.join(t('decoding.or')) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decoding.nat.col.model')}</th>
                <th scope="col">{t('decoding.nat.col.passes')}</th>
                <th scope="col">{t('decoding.nat.col.time')}</th>
                <th scope="col">{t('decoding.nat.col.output')}</th>
                <th scope="col">{t('decoding.side.col.right')}</th>
                {natTask === 'date-multi' && <th scope="col">{t('decoding.nat.col.form')}</th>}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('decoding.nat.at')}</th>
                <td>{cmp.at.decoderPasses}</td>
                <td>{`${cmp.at.ms.toFixed(1)} ms`}</td>
                <td><code>{cmp.at.output || '∅'}</code></td>
                <td>{cmp.at.correct ? t('decoding.yes') : t('decoding.no')}</td>
                {natTask === 'date-multi' && <td>{form(cmp.at.output)}</td>}
              </tr>
              <tr>
                <th scope="row">{t('decoding.nat.nat')}</th>
                <td>{cmp.nat.decoderPasses}</td>
                <td>{`${cmp.nat.ms.toFixed(1)} ms`}</td>
                <td><code>{cmp.nat.output || '∅'}</code></td>
                <td>{cmp.nat.correct ? t('decoding.yes') : t('decoding.no')}</td>
                {natTask === 'date-multi' && <td>{form(cmp.nat.output)}</td>}
              </tr>
            </tbody>
          </table>
          </TableWrap>
          <p className="hint">{t('decoding.nat.length', { len: cmp.nat.length, passes: cmp.at.decoderPasses })}</p>
          {natTask === 'date-multi' && refs.length === 2 && (
            <div className="dec-forms-box">
              <p className="dec-here">
                {dateMultiForm(cmp.nat.output) === 'mixed'
                  ? t('decoding.nat.mixes', { out: cmp.nat.output, iso: refs[0], dotted: refs[1] })
                  : t('decoding.nat.noMix', { out: cmp.nat.output })}
              </p>
              <FormRow output={refs[0]} refs={refs} label={t('decoding.nat.form.iso')} />
              <FormRow output={refs[1]} refs={refs} label={t('decoding.nat.form.dotted')} />
              <FormRow output={cmp.at.output} refs={refs} label={t('decoding.nat.at')} />
              <FormRow output={cmp.nat.output} refs={refs} label={t('decoding.nat.nat')} />
              <ul className="tree-legend">
                {(['iso', 'dotted', 'both', 'neither'] as const).map((k) => (
                  <li key={k}><span className={`swatch char-${k}`} aria-hidden="true" />{t(`decoding.nat.char.${k}`)}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {natTask === 'date-multi' && <MultimodalityTable at={multiAt} nat={multiNat} />}
      {natTask === 'date-multi' && multiAt && multiNat && (
        <p className="dec-here">{t('decoding.nat.finding', { atMixed: multiAt.mixed, natMixed: multiNat.mixed, natRate: `${(multiNat.mixedRate * 100).toFixed(1)}%`, n: multiNat.n.toLocaleString('en') })}</p>
      )}
    </div>
  );
}
