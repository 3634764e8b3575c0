// @vitest-environment jsdom
/**
 * The decoding lab with models opened in the page: "Open a model…" and a drop open a pair,
 * the task picker lists it, the tree, bars and side by side run on it, the parts that need
 * what only shipped models have (ground truth, the stored greedy-vs-beam measurement, a NAT)
 * say so plainly (no NaN, no crash), a tree node opens the same model in the tour, and a link
 * to a model of an earlier visit says it cannot reopen.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider, type Lang } from '../../../src/i18n';
import { formatHash, parseHash } from '../../../src/state/hash';
import { resetAppState, useAppStore } from '../../../src/state';
import { DecodingLab } from '../../../src/panels/decoding/DecodingLab';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { setNatFetch } from '../../../src/panels/decoding/useNatBundle';
import { diskFetch, diskLoader } from './helpers';

function renderLab(lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <DecodingLab />
    </I18nProvider>,
  );
}

const tree = () => screen.findByRole('img', { name: 'Beam search tree' }, { timeout: 5000 });
const taskPicker = () => screen.getByRole('combobox', { name: 'Task' }) as HTMLSelectElement;
const fileInput = () => screen.getByLabelText('Model files (.json and .safetensors)') as HTMLInputElement;

/**
 * The shipped reverse model's pair; `own`: renamed to a task of its own ("my-reverse"), so the
 * page has no ground truth for it, and without the stored greedy-vs-beam measurement.
 */
function reversePair(name: string, own: boolean, edit?: (meta: Record<string, unknown>) => void): File[] {
  const meta = JSON.parse(readFileSync('public/models/reverse.json', 'utf8')) as Record<string, unknown>;
  if (own) {
    meta.task = 'my-reverse';
    meta.example = 'transformer';
    delete meta.decoding;
  }
  edit?.(meta);
  const st = readFileSync('public/models/reverse.safetensors');
  return [new File([JSON.stringify(meta)], `${name}.json`, { type: 'application/json' }), new File([new Uint8Array(st)], `${name}.safetensors`)];
}

async function openFiles(files: File[], name: string) {
  fireEvent.change(fileInput(), { target: { files } });
  await screen.findByText(`Opened “${name}” (${name}.json + ${name}.safetensors).`, undefined, { timeout: 5000 });
}

const noNaN = (container: HTMLElement) => expect(container.textContent).not.toMatch(/NaN|undefined|Infinity(?!\))/);

beforeEach(() => {
  setModelLoader(diskLoader());
  setNatFetch(diskFetch);
});
afterEach(() => {
  cleanup();
  resetAppState();
  useAppStore.setState({ userModels: [] });
});

describe('the decoding lab and models opened in the page', () => {
  it('"Open a model…" opens a pair with a task of its own: the tree is computed from it, and what needs ground truth says it is not available', async () => {
    const { container } = renderLab();
    await tree();
    expect(screen.getByRole('button', { name: 'Open a model…' }).textContent).toBe('Open…');
    await openFiles(reversePair('mine', true), 'mine');
    const s = useAppStore.getState();
    expect(s).toMatchObject({ view: 'decoding', decodingModel: 'user-mine', decSource: '' });
    expect(formatHash(s)).toContain('dmodel=user-mine');
    expect(taskPicker().value).toBe('user-mine');
    expect(screen.getByRole('option', { name: 'mine — from files' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Opened in this page' })).toBeTruthy();
    // the model's own example, and its own vocabulary in the hint
    expect((screen.getByRole('textbox', { name: 'Source' }) as HTMLInputElement).value).toBe('transformer');
    expect(screen.getByText(/^“mine”, opened in this page · 1–\d+ characters from a–z/)).toBeTruthy();
    // the tree is the beam search of this model on this input
    const img = await tree();
    const alt = document.getElementById(img.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(alt.textContent).toMatch(/^Finished hypotheses, best first: “remrofsnart”, score −\d\.\d{3}/);
    expect(container.querySelectorAll('.beam-tree .node.winner').length).toBe(13); // BOS + 11 letters + EOS
    // no ground truth, no stored measurement: said plainly
    expect(screen.getByText(/no answer to compare with \(the page has no ground truth for the task of “mine”\)/)).toBeTruthy();
    expect(screen.getByText(/“mine” carries no such measurement, so none is shown here/)).toBeTruthy();
    expect(screen.queryByText(/Measured on the task’s/)).toBeNull();
    noNaN(container);

    // side by side: log-probabilities and counts, no BLEU, no right or wrong
    fireEvent.click(screen.getByRole('button', { name: 'Side by side' }));
    await screen.findByText(/^No BLEU and no right or wrong for “mine”: the page has no ground truth for its task\. The most probable output here is “remrofsnart”/, undefined, { timeout: 8000 });
    noNaN(container);
    // error propagation needs the truth
    fireEvent.click(screen.getByRole('button', { name: 'Error propagation' }));
    expect(screen.getByText(/^Error propagation is not available for “mine”/)).toBeTruthy();
    // the bars run on the model
    fireEvent.click(screen.getByRole('button', { name: 'Next token' }));
    expect(await screen.findByRole('img', { name: /next-token distribution/i })).toBeTruthy();
    noNaN(container);
    // AT against NAT: the shipped models, and it says so
    fireEvent.click(screen.getByRole('button', { name: 'AT vs NAT' }));
    expect(screen.getByText(/only the shipped models have one: this part compares the shipped models of the task chosen below, not “mine”/)).toBeTruthy();

    // back to a built-in task
    fireEvent.change(taskPicker(), { target: { value: 'sort' } });
    expect(useAppStore.getState()).toMatchObject({ decodingModel: null, decTask: 'sort' });
  });

  it('a pair of a built-in task keeps its ground truth and its stored measurement; a node opens the same model in the tour', async () => {
    renderLab();
    await tree();
    await openFiles(reversePair('rev', false), 'rev');
    expect(useAppStore.getState().decodingModel).toBe('user-rev');
    const img = await tree();
    expect(screen.getByText(/beam search of width 4 fixes 4 of them and breaks 0 right ones/)).toBeTruthy();
    expect(screen.getByText(/^wrong \(the answer is|right$/)).toBeTruthy();
    act(() => img.focus());
    fireEvent.keyDown(img, { key: 'ArrowRight' });
    fireEvent.keyDown(img, { key: 'ArrowRight' });
    fireEvent.keyDown(img, { key: 'Enter' });
    const s = useAppStore.getState();
    expect(s).toMatchObject({ view: 'tour', tourModel: 'user-rev', source: 'jccmapfwunki', forced: 'ik' });
    expect(s.step).toBeGreaterThan(0);
  });

  it('a shipped model’s node opens the shipped model in the tour even when the tour shows a model of the page', async () => {
    renderLab();
    await tree();
    await openFiles(reversePair('other', true), 'other');
    useAppStore.setState({ tourModel: 'user-other', decodingModel: null, view: 'decoding' });
    const img = await tree();
    act(() => img.focus());
    fireEvent.keyDown(img, { key: 'ArrowRight' });
    fireEvent.keyDown(img, { key: 'Enter' });
    expect(useAppStore.getState()).toMatchObject({ view: 'tour', tourModel: null, task: 'reverse', forced: 'i' });
  });

  it('a pair dropped on the lab opens too, and a refused pair leaves the model in use', async () => {
    const { container } = renderLab();
    await tree();
    const section = container.querySelector('section.decoding-lab')!;
    const dataTransfer = { files: reversePair('dropped', true), types: ['Files'], dropEffect: 'none' };
    fireEvent.dragEnter(section, { dataTransfer });
    expect(screen.getByText('Drop the model’s .json and .safetensors files to open it')).toBeTruthy();
    fireEvent.drop(section, { dataTransfer });
    await screen.findByText('Opened “dropped” (dropped.json + dropped.safetensors).', undefined, { timeout: 5000 });
    expect(useAppStore.getState().decodingModel).toBe('user-dropped');
    const [json] = reversePair('bad', true);
    fireEvent.change(fileInput(), { target: { files: [json] } });
    await screen.findByText('Not opened (bad.json): a model is two files, a .json and a .safetensors; 1 were given. The page keeps “dropped”.');
    expect(useAppStore.getState().decodingModel).toBe('user-dropped');
  });

  it('a model of a built-in task without a stored measurement is measured on request, on the test inputs its training held out', async () => {
    renderLab();
    await tree();
    await openFiles(reversePair('rev12', false, (meta) => {
      delete meta.decoding;
      meta.training = { ...(meta.training as object), testSize: 12 };
    }), 'rev12');
    await tree();
    expect(screen.getByText(/^“rev12” carries no stored measurement of greedy against beam search; it can be measured here, on the 12 test inputs/)).toBeTruthy();
    expect(screen.queryByText(/Measured on the task’s/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Measure on its 12 test inputs (beam width 4)' }));
    const done = await screen.findByText(/^Measured now on the model’s 12 test inputs \(drawn with its seed, never seen in training\): greedy gets \d+ wrong \(exact match [\d.]+%\); beam search of width 4 fixes \d+ of them and breaks \d+ right ones \(exact match [\d.]+%\)\.$/, undefined, { timeout: 15000 });
    expect(done.textContent).not.toMatch(/NaN/);
  });

  it('a link naming a model of an earlier visit says it cannot reopen and shows the shipped model', async () => {
    const { state, malformed } = parseHash('#view=decoding&dmodel=user-gone');
    expect(malformed).toEqual([]);
    useAppStore.setState(state);
    renderLab();
    await tree();
    expect(screen.getByText(/^This link names “user-gone”, a model opened in the page during an earlier visit\./)).toBeTruthy();
    expect(taskPicker().value).toBe('reverse');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(useAppStore.getState().decodingModel).toBeNull();
  });

  it('speaks Chinese about a model without ground truth', async () => {
    renderLab('zh');
    await screen.findByRole('img', { name: '束搜索树' }, { timeout: 5000 });
    fireEvent.change(screen.getByLabelText('模型文件（.json 和 .safetensors）'), { target: { files: reversePair('mine', true) } });
    await screen.findByText('已打开 “mine”（mine.json + mine.safetensors）。', undefined, { timeout: 5000 });
    expect(await screen.findByText(/没有可比较的答案/)).toBeTruthy();
    expect(screen.getByText(/“mine” 没有这项测量/)).toBeTruthy();
  });
});
