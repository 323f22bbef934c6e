/**
 * CSV import in two steps, as the API is built for: the file is first sent with `?dryRun=true`
 * (nothing written), row-level problems from 422 IMPORT_REJECTED are listed in a table, and only a
 * clean check unlocks the confirm button that imports for real.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../../common/api.js';
import { useApi, useLang } from '../context.js';
import { importIncomplete, importProblems, lineRanges, type ImportIncomplete, type ImportProblem } from '../errors.js';
import type { AnyKey } from '../messages.js';
import type { ImportResult } from './types.js';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'checked'; rows: number }
  | { kind: 'problems'; problems: ImportProblem[] }
  | { kind: 'importing'; rows: number }
  | { kind: 'done'; imported: number }
  | { kind: 'failed'; error: unknown }
  | { kind: 'incomplete'; landed: ImportIncomplete };

/** Row codes the portal words itself (the server's message is the fallback for the rest). */
const rowMessageKeys: Partial<Record<string, AnyKey>> = { BRANCH_DUPLICATE: 'import.duplicate' };

interface ImportPanelProps {
  /** `/api/branches/import` or `/api/commissioners/import`. */
  endpoint: string;
  /** The header row the file needs (docs/api.md "CSV imports"). */
  columns: string;
  onImported: () => void;
}

export function ImportPanel({ endpoint, columns, onImported }: ImportPanelProps) {
  const { lang, tr } = useLang();
  const request = useApi();
  const [csv, setCsv] = useState<string>();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const busy = step.kind === 'checking' || step.kind === 'importing';

  async function send(dryRun: boolean): Promise<ImportResult> {
    return request<ImportResult>(dryRun ? `${endpoint}?dryRun=true` : endpoint, { method: 'POST', body: { csv }, timeoutMs: 120_000 });
  }

  async function check() {
    if (csv === undefined) return;
    setStep({ kind: 'checking' });
    try {
      const result = await send(true);
      setStep({ kind: 'checked', rows: result.rows ?? result.imported });
    } catch (error) {
      const problems = importProblems(error);
      setStep(problems.length ? { kind: 'problems', problems } : { kind: 'failed', error });
    }
  }

  async function commit(rows: number) {
    setStep({ kind: 'importing', rows });
    try {
      const result = await send(false);
      setStep({ kind: 'done', imported: result.imported });
      onImported();
    } catch (error) {
      const landed = importIncomplete(error);
      if (landed) {
        setStep({ kind: 'incomplete', landed });
        // Some rows are in: the list behind the panel shows them.
        if (landed.importedRows.length) onImported();
        return;
      }
      const problems = importProblems(error);
      setStep(problems.length ? { kind: 'problems', problems } : { kind: 'failed', error });
    }
  }

  return (
    <details class="panel import-panel">
      <summary>{tr('import.title')}</summary>
      <p class="field-help">{tr('import.help', { columns })}</p>
      <div class="field">
        <label for={`${endpoint}-file`}>{tr('import.file')}</label>
        <input
          id={`${endpoint}-file`}
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={async (event) => {
            const file = event.currentTarget.files?.[0];
            setStep({ kind: 'idle' });
            setCsv(undefined);
            if (!file) return;
            try {
              setCsv(await file.text());
            } catch {
              setStep({ kind: 'failed', error: new Error(tr('import.readError')) });
            }
          }}
        />
      </div>
      <div class="button-row">
        <button type="button" class="button button-secondary button-small" disabled={csv === undefined || busy} onClick={() => void check()}>
          {step.kind === 'checking' ? tr('import.checking') : tr('import.check')}
        </button>
        {step.kind === 'checked' && (
          <button type="button" class="button button-small" onClick={() => void commit(step.rows)}>
            {tr('import.confirm', { count: step.rows })}
          </button>
        )}
      </div>
      <div aria-live="polite">
        {(step.kind === 'checking' || step.kind === 'importing') && (
          <p class="loading-line" role="status">
            <span class="spinner" aria-hidden="true" />
            {step.kind === 'importing' ? tr('import.running') : tr('import.checking')}
            {step.kind === 'importing' && <progress aria-label={tr('import.running')} />}
          </p>
        )}
        {step.kind === 'checked' && <p class="success-note">{tr('import.ok', { count: step.rows })}</p>}
        {step.kind === 'done' && <p class="success-note">{tr('import.done', { count: step.imported })}</p>}
      </div>
      {step.kind === 'failed' && (
        <div class="error-box" role="alert">
          <p>{tr('import.error', { message: step.error instanceof Error && !('status' in step.error) ? step.error.message : describeError(step.error, lang) })}</p>
        </div>
      )}
      {step.kind === 'incomplete' && (
        <div class="error-box import-incomplete" role="alert">
          <p>
            <strong>{tr('import.incomplete', { count: step.landed.importedRows.length })}</strong>
          </p>
          {step.landed.importedRows.length > 0 ? (
            <>
              <p>{tr('import.incompleteLines', { lines: lineRanges(step.landed.importedRows) })}</p>
              <p>{tr('import.incompleteNext')}</p>
            </>
          ) : (
            <p>{tr('import.incompleteNone')}</p>
          )}
          {step.landed.importId && <p class="field-help">{tr('import.incompleteId', { id: step.landed.importId })}</p>}
        </div>
      )}
      {step.kind === 'problems' && (
        <div role="alert">
          <p class="error-box">{tr('import.rejected', { count: step.problems.length })}</p>
          <div class="table-wrap">
            <table class="data-table">
              <caption class="visually-hidden">{tr('import.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('import.row')}</th>
                  <th scope="col">{tr('import.field')}</th>
                  <th scope="col">{tr('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {step.problems.map((problem, index) => (
                  <tr key={`${problem.row}-${problem.field}-${index}`}>
                    <td class="mono">{problem.row}</td>
                    <td class="mono">{problem.field}</td>
                    <td>{rowMessageKeys[problem.code] ? tr(rowMessageKeys[problem.code]!) : problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </details>
  );
}
