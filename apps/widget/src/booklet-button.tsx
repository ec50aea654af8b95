import type { TaskSnapshot } from '@jpsp/contracts';
import { useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { BookletRun, sessionRunStore } from './booklet-run.js';
import { resolveLang, translator, type Translate } from './i18n.js';
import { DEFAULT_TASK, type WidgetOptions } from './options.js';
import { PapersResult } from './papers-result.js';
import { profileOf } from './task-profiles.js';
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
    const eta = snapshot.progress?.etaMs;
    const line = t('running', { percent, phase }) + (eta === undefined ? '' : ` · ${t('eta', { time: duration(eta) })}`);
    // Announced in steps of 10 % so that a screen reader is not flooded.
    return { line, announce: t('running', { percent: percent - (percent % 10), phase: '' }), percent };
  }
  const announce = state.kind === 'done' && (state.main || state.snapshot.result) ? t('done', { name: state.main?.name ?? '' }) : state.kind === 'cancelled' ? t('cancelled') : '';
  return { line: announce, announce };
}

/** `45 s`, `3 min`, `1 h 20 min`: the time left, rounded as a person would say it. */
export function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) {
    return `${s} s`;
  }
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

/** `10 minutes ago` in the widget's language (the browser's own Intl, no bytes in the bundle). */
export function ago(iso: string, lang: string, now = Date.now()): string {
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    Math.abs(s) < 60 ? [s, 'second'] : Math.abs(s) < 3600 ? [Math.round(s / 60), 'minute'] : Math.abs(s) < 86_400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86_400), 'day'];
  return rtf.format(value, unit);
}

/** The event's latest run, shown while idle: when, by whom, its downloads while they last. */
export function LastRun({ last, t, lang }: { last: TaskSnapshot; t: Translate; lang: string }): ReactNode {
  const vars = { ago: ago(last.finishedAt ?? last.createdAt, lang), by: last.submitter ? t('by', { who: last.submitter }) : '', detail: last.error?.message ?? '' };
  const files = (last.result?.files ?? []).filter((f) => Date.parse(f.expiresAt) > Date.now());
  const key = last.status === 'completed' ? 'lastCompleted' : last.status === 'failed' ? 'lastFailed' : 'lastCancelled';
  return (
    <div className="jpsp-last" data-status={last.status}>
      <p>{t(key, vars)}</p>
      {files.length > 0 && (
        <p>
          {files.map((f) => (
            <a key={f.url} href={f.url} download={f.name}>
              {f.name}
            </a>
          ))}
        </p>
      )}
    </div>
  );
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
  const profile = profileOf(options.task ?? DEFAULT_TASK);
  const t = useMemo(() => translator(lang, profile.texts), [lang, profile.texts]);
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
      {state.kind === 'done' && (state.main || !profile.autoDownload) && (
        <div className="jpsp-done">
          <p>{status.line}</p>
          {!profile.autoDownload ? (
            <PapersResult snapshot={state.snapshot} t={t} lang={lang} />
          ) : (
            state.main && (
              <p>
                <a href={state.main.url} download={state.main.name}>
                  {t('downloadAgain', { name: state.main.name })}
                </a>
              </p>
            )
          )}
          {profile.autoDownload && state.others.length > 0 && (
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
      {state.kind === 'idle' && state.last && <LastRun last={state.last} t={t} lang={lang} />}
      {state.kind === 'cancelled' && <p>{status.line}</p>}
      {state.kind === 'error' && <ErrorPanel failure={state.failure} t={t} onRetry={() => void runRef.current?.retry()} />}
      <div className="jpsp-sr" role="status" aria-live="polite">
        {status.announce}
      </div>
    </div>
  );
}
