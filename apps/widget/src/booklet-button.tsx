import { useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { BookletRun, sessionRunStore } from './booklet-run.js';
import { resolveLang, translator, type Translate } from './i18n.js';
import type { WidgetOptions } from './options.js';
import { INITIAL_STATE, isBusy, reducer, type Failure, type WidgetState } from './task-state.js';

/** Clicks a hidden `<a download>`: the server answers with `Content-Disposition: attachment`. */
function triggerDownload(container: HTMLElement | null, url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  (container ?? document.body).append(a);
  a.click();
  a.remove();
}

/** The visible status line, the text announced to screen readers and the progress value. */
export function statusOf(state: WidgetState, t: Translate): { line: string; announce: string; percent?: number } {
  if (state.kind === 'preparing') {
    const line = t(`step${state.step}`);
    return { line, announce: line };
  }
  if (state.kind === 'running') {
    const { snapshot } = state;
    const percent = Math.max(0, Math.min(100, Math.round(snapshot.progress?.percent ?? 0)));
    if (state.reconnecting || snapshot.status === 'queued') {
      const line = state.reconnecting ? t('reconnecting') : t('queued', { position: snapshot.queuePosition ?? 1 });
      return { line, announce: line, percent };
    }
    const phase = snapshot.progress?.message ?? snapshot.progress?.phase ?? t('phaseStarting');
    // Announced in steps of 10 % so that a screen reader is not flooded.
    return { line: t('running', { percent, phase }), announce: t('running', { percent: percent - (percent % 10), phase: '' }), percent };
  }
  const announce = state.kind === 'done' && state.main ? t('done', { name: state.main.name }) : state.kind === 'cancelled' ? t('cancelled') : '';
  return { line: announce, announce };
}

function ErrorPanel({ failure, t, onRetry }: { failure: Failure; t: Translate; onRetry: () => void }): ReactNode {
  const detail = failure.detail ?? '';
  const fields = failure.fields ?? [];
  return (
    <div className="jpsp-error" role="alert" data-error={failure.kind}>
      <p className="jpsp-error-title">{t(`${failure.kind}Title`, { detail })}</p>
      <p>{t(`${failure.kind}Hint`, { detail })}</p>
      {failure.kind === 'validation' && (
        <ul>
          {fields.slice(0, 8).map((f) => (
            <li key={f.path + f.reason}>
              <code>{f.path}</code>: {f.reason}
            </li>
          ))}
          {fields.length === 0 && <li>{detail}</li>}
        </ul>
      )}
      <button type="button" className="jpsp-btn" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}

export function BookletButton({ options }: { options: WidgetOptions }): ReactNode {
  const lang = resolveLang(options.lang, document.documentElement.lang);
  const t = useMemo(() => translator(lang), [lang]);
  const [state, dispatch] = useReducer(reducer, INITIAL_STATE);
  const rootRef = useRef<HTMLDivElement>(null);
  const runRef = useRef<BookletRun>(null);

  useEffect(() => {
    const run = new BookletRun(options, dispatch, sessionRunStore(options), (url, name) => triggerDownload(rootRef.current, url, name));
    runRef.current = run;
    dispatch({ type: 'reset' });
    void run.resume();
    return () => run.dispose();
  }, [options]);

  const busy = isBusy(state);
  const status = statusOf(state, t);
  const cancelling = state.kind === 'running' && state.cancelling;

  return (
    <div className="jpsp" lang={lang} ref={rootRef} data-state={state.kind}>
      <p className="jpsp-intro">{t('intro')}</p>
      <button
        type="button"
        className="jpsp-btn jpsp-main"
        aria-disabled={busy}
        aria-busy={busy}
        onClick={busy ? undefined : () => void runRef.current?.start()}
      >
        {busy && <span className="jpsp-spinner" aria-hidden="true" />}
        {busy ? t('buttonBusy') : t('button')}
      </button>
      {state.kind === 'running' && (
        <button type="button" className="jpsp-btn" aria-disabled={cancelling} onClick={cancelling ? undefined : () => void runRef.current?.cancel()}>
          {cancelling ? t('cancelling') : t('cancel')}
        </button>
      )}
      {busy && (
        <p className="jpsp-progress">
          <progress max={100} value={status.percent} aria-label={t('button')} /> {status.line}
        </p>
      )}
      {state.kind === 'done' && state.main && (
        <div className="jpsp-done">
          <p>{status.line}</p>
          <p>
            <a href={state.main.url} download={state.main.name}>
              {t('downloadAgain', { name: state.main.name })}
            </a>
          </p>
          {state.others.length > 0 && (
            <p>
              {t('otherFormats')}{' '}
              {state.others.map((f) => (
                <a key={f.url} href={f.url} download={f.name}>
                  {f.name.split('.').pop()?.toUpperCase()}
                </a>
              ))}
            </p>
          )}
          {!!state.snapshot.result?.warnings.length && (
            <>
              <p>{t('warnings')}</p>
              <ul>
                {state.snapshot.result.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {state.kind === 'cancelled' && <p>{status.line}</p>}
      {state.kind === 'error' && <ErrorPanel failure={state.failure} t={t} onRetry={() => void runRef.current?.retry()} />}
      <div className="jpsp-sr" role="status" aria-live="polite">
        {status.announce}
      </div>
    </div>
  );
}
