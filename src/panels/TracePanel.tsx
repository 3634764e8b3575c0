/**
 * The trace panel of the page shell: type a source, and see every named tensor
 * of the encoder and of the first greedy decoding step, with its shape, in
 * groups. The math runs in src/model and src/decode; this panel only lists.
 */
import { useDeferredValue, useId, useMemo } from 'react';
import { useT, type TFunction } from '../i18n';
import { describeChar, encodeSource, tokenOf, useSetSource, useSource, type SourceError } from '../state';
import { SHELL_CONFIG, SHELL_SEED, formatShape, runShell, type ShellRun, type TraceGroup } from './traceView';

type Outcome = { ok: true; run: ShellRun } | { ok: false; message: string };

function sourceErrorMessage(t: TFunction, e: SourceError): string {
  switch (e.kind) {
    case 'empty':
      return t('trace.error.empty');
    case 'unknown':
      return t('trace.error.unknown', { chars: e.chars.map(describeChar).join(', ') });
    case 'tooLong':
      return t('trace.error.tooLong', { length: e.length, max: e.max });
  }
}

function groupHeading(t: TFunction, g: TraceGroup): string {
  switch (g.kind) {
    case 'encEmbedding':
      return t('trace.group.encEmbedding');
    case 'encLayer':
      return t('trace.group.encLayer', { i: g.layer ?? 0 });
    case 'encOutput':
      return t('trace.group.encOutput');
    case 'decEmbedding':
      return t('trace.group.decEmbedding');
    case 'decLayer':
      return t('trace.group.decLayer', { i: g.layer ?? 0 });
    case 'output':
      return t('trace.group.output');
    case 'other':
      return t('trace.group.other');
  }
}

const GLOSSARY = [
  ['embed', 'glossary.embed'],
  ['pos', 'glossary.pos'],
  ['self_attn', 'glossary.self_attn'],
  ['cross_attn', 'glossary.cross_attn'],
  ['scores', 'glossary.scores'],
  ['masked', 'glossary.masked'],
  ['weights', 'glossary.weights'],
  ['head_out', 'glossary.head_out'],
  ['residual', 'glossary.residual'],
  ['norm', 'glossary.norm'],
  ['ffn', 'glossary.ffn'],
  ['memory', 'glossary.memory'],
] as const;

function Glossary() {
  const t = useT();
  const id = useId();
  return (
    <aside className="glossary" aria-labelledby={id}>
      <h3 id={id}>{t('glossary.heading')}</h3>
      <dl>
        {GLOSSARY.map(([term, key]) => (
          <div key={term}>
            <dt>
              <code>{term}</code>
            </dt>
            <dd>{t(key)}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

function GroupList({ group }: { group: TraceGroup }) {
  const t = useT();
  const id = useId();
  return (
    <section className="trace-group" aria-labelledby={id}>
      <h4 id={id}>
        {groupHeading(t, group)} <span className="count">{t(group.entries.length === 1 ? 'trace.entryCount.one' : 'trace.entryCount.other', { n: group.entries.length })}</span>
      </h4>
      <ul className="trace-entries">
        {group.entries.map((e) => (
          <li key={e.key} className={e.key.endsWith('.weights') ? 'weights' : undefined}>
            <code className="name">{e.key}</code> <code className="shape">{formatShape(e.shape)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function TraceSection({ heading, groups }: { heading: string; groups: TraceGroup[] }) {
  const id = useId();
  return (
    <section className="trace-section" aria-labelledby={id}>
      <h3 id={id}>{heading}</h3>
      {groups.map((g) => (
        <GroupList key={g.id} group={g} />
      ))}
    </section>
  );
}

function RunSummary({ run }: { run: ShellRun }) {
  const t = useT();
  const text = run.tokens.map(tokenOf).join('');
  return (
    <div className="run-summary">
      <dl>
        <div>
          <dt>{t('trace.sourceIds')}</dt>
          <dd>
            <code>{run.srcIds.join(' ')}</code>
          </dd>
        </div>
        <div>
          <dt>{t('trace.generated')}</dt>
          <dd>
            <code data-testid="generated-ids">{run.tokens.join(' ')}</code>
          </dd>
        </div>
        <div>
          <dt>{t('trace.generatedText')}</dt>
          <dd>
            <code className="generated-text">{text}</code>
          </dd>
        </div>
      </dl>
      <p>{t(run.stop === 'eos' ? 'trace.stop.eos' : 'trace.stop.maxLen', { n: run.tokens.length })}</p>
      <p className="dims">{t('trace.dims', run.dims)}</p>
    </div>
  );
}

export function TracePanel() {
  const t = useT();
  const source = useSource();
  const setSource = useSetSource();
  const ids = useId();
  const inputId = `${ids}-source`;
  const hintId = `${ids}-hint`;
  const errorId = `${ids}-error`;
  const headingId = `${ids}-heading`;

  const encoded = useMemo(() => encodeSource(source, SHELL_CONFIG.maxLen), [source]);
  // Runs only on valid input and depends on the ids, not on the language. A decode of the
  // longest input takes tens of ms, so it runs deferred: the box never lags behind typing.
  const idsKey = useDeferredValue(encoded.ok ? encoded.ids.join(',') : '');
  const computed = useMemo((): { run: ShellRun } | { failure: string } | null => {
    if (idsKey === '') return null;
    try {
      return { run: runShell(idsKey.split(',').map(Number)) };
    } catch (err) {
      return { failure: err instanceof Error ? err.message : String(err) };
    }
  }, [idsKey]);

  let outcome: Outcome | null = null;
  if (!encoded.ok) outcome = { ok: false, message: sourceErrorMessage(t, encoded.error) };
  else if (computed && 'failure' in computed) outcome = { ok: false, message: t('trace.error.model', { message: computed.failure }) };
  else if (computed) outcome = { ok: true, run: computed.run };

  const invalid = outcome !== null && !outcome.ok;
  return (
    <section className="panel trace-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('trace.heading')}</h2>
      <div className="panel-top">
        <div className="panel-input">
          <p className="note" role="note">
            {t('trace.randomNote', { seed: SHELL_SEED })}
          </p>
          <p className="intro">{t('trace.intro')}</p>
          <div className="source-field">
            <label htmlFor={inputId}>{t('trace.source.label')}</label>
            <input
              id={inputId}
              type="text"
              value={source}
              onChange={(e) => setSource(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={invalid}
              aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
            />
            <p id={hintId} className="hint">
              {t('trace.source.hint', { max: SHELL_CONFIG.maxLen - 1 })}
            </p>
            {outcome && !outcome.ok && (
              <p id={errorId} className="error" role="alert">
                {outcome.message}
              </p>
            )}
          </div>
        </div>
        {/* Without a run, the glossary takes the summary's place instead of floating alone below. */}
        {outcome?.ok ? <RunSummary run={outcome.run} /> : <Glossary />}
      </div>
      {outcome?.ok && (
        <div className="panel-body">
          <div className="trace-sections">
            <TraceSection heading={t('trace.section.encoder')} groups={outcome.run.encoder} />
            <TraceSection heading={t('trace.section.decoder')} groups={outcome.run.decoderStep1} />
          </div>
          <Glossary />
        </div>
      )}
    </section>
  );
}
