/**
 * One branch: every field (phones masked by the API), its sites, the "five haves" checklist, the
 * member roll and the version history, with the decisions its status allows (approve / reject a
 * proposal, edit, dissolve an active branch). Decisions send `expectedVersion`; a 409
 * VERSION_CONFLICT reloads the branch and says why.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import { isVersionConflict } from '../errors.js';
import { Badge, Dialog, Field, LoadStatus, Notice, useLoad } from '../ui.js';
import type { OrgAccess } from './access.js';
import { takeFlash } from './flash.js';
import { postKey, siteKey, statusKey, statusTone, typeKey } from './labels.js';
import { actionLabel, fieldLabel, valueText } from './audit-labels.js';
import { Members } from './Members.js';
import { DialogActions, FailureNote } from './parts.js';
import type { Branch, HistoryEntry, StandardsList } from './types.js';

type Decision = 'approve' | 'reject' | 'dissolve';
type Tab = 'info' | 'members' | 'history';

export function BranchDetail({ branchId, access }: { branchId: string; access: OrgAccess }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const { state, reload, set } = useLoad<Branch>(`/api/branches/${encodeURIComponent(branchId)}`);
  const [tab, setTab] = useState<Tab>('info');
  const [notice, setNotice] = useState<string | undefined>(() => takeFlash());
  const [dialog, setDialog] = useState<Decision>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [historyAttempt, setHistoryAttempt] = useState(0);

  const branch = state.phase === 'ready' ? state.data : undefined;
  useEffect(() => {
    if (branch) document.title = `${branch.name} · ${tr('app.name')} ${tr('portal.title')}`;
  }, [branch?.name, lang]);

  async function decide(decision: Decision, reason?: string): Promise<boolean> {
    if (!branch) return false;
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      const body = reason === undefined ? { expectedVersion: branch.version } : { expectedVersion: branch.version, reason };
      const next = await request<Branch>(`/api/branches/${encodeURIComponent(branch.branchId)}/${decision}`, { method: 'POST', body });
      set(next);
      setHistoryAttempt((n) => n + 1);
      setNotice(tr(decision === 'approve' ? 'detail.approved.done' : decision === 'reject' ? 'detail.rejected.done' : 'detail.dissolved.done'));
      // The button just used is gone with the old status: keep keyboard focus on the page (the
      // heading, just above the confirmation) instead of letting it fall back to <body>.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!active || active === document.body || !active.isConnected) document.getElementById('page-title')?.focus();
      });
      return true;
    } catch (error) {
      setFailure(error);
      if (isVersionConflict(error)) reload();
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="back-link">
        <a href="#/branches">‹ {tr('org.tab.branches')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {branch?.name ?? tr('org.tab.branches')}
      </h1>
      <LoadStatus state={state} errorKey="detail.loadError" onRetry={reload} />
      {branch && (
        <>
          <p class="detail-sub">
            <Badge tone={statusTone[branch.status]}>{tr(statusKey(branch.status))}</Badge> {tr(typeKey(branch.type))} · {branch.divisionName}
          </p>
          <Notice text={notice} />
          <FailureNote failure={failure} />
          {(access.canDecide || access.canPropose) && (
            <div class="button-row" role="group" aria-label={tr('detail.actions')}>
              {access.canDecide && branch.status === 'proposed' && (
                <>
                  <button type="button" class="button" disabled={busy} onClick={() => void decide('approve')}>
                    {tr('detail.approve')}
                  </button>
                  <button type="button" class="button button-secondary" disabled={busy} onClick={() => setDialog('reject')}>
                    {tr('detail.reject')}
                  </button>
                </>
              )}
              {access.canPropose && (branch.status === 'proposed' || branch.status === 'active') && (
                <a class="button button-secondary" href={`#/branches/${branch.branchId}/edit`}>
                  {tr('common.edit')}
                </a>
              )}
              {access.canDecide && branch.status === 'active' && (
                <button type="button" class="button button-secondary" disabled={busy} onClick={() => setDialog('dissolve')}>
                  {tr('detail.dissolve')}
                </button>
              )}
            </div>
          )}

          <div class="tabs" role="tablist" aria-label={tr('detail.tabs')}>
            {(['info', 'members', 'history'] as const).map((key) => (
              <button
                key={key}
                type="button"
                role="tab"
                id={`tab-${key}`}
                aria-selected={tab === key}
                aria-controls={`tabpanel-${key}`}
                tabIndex={tab === key ? 0 : -1}
                onClick={() => setTab(key)}
                onKeyDown={(event) => {
                  const order: Tab[] = ['info', 'members', 'history'];
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                  if (!step) return;
                  const next = order[(order.indexOf(tab) + step + order.length) % order.length] ?? 'info';
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }}
              >
                {tr(`detail.tab.${key}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'info' && <BranchFacts branch={branch} />}
            {tab === 'members' && <Members branch={branch} access={access} />}
            {tab === 'history' && <History branchId={branch.branchId} refresh={historyAttempt} />}
          </div>

          {dialog && dialog !== 'approve' && (
            <ReasonDialog
              title={tr(dialog === 'reject' ? 'detail.rejectTitle' : 'detail.dissolveTitle', { name: branch.name })}
              warning={dialog === 'dissolve' ? tr('detail.dissolveWarning') : undefined}
              confirmLabel={tr(dialog === 'reject' ? 'detail.reject' : 'detail.dissolve')}
              busy={busy}
              onCancel={() => setDialog(undefined)}
              onConfirm={async (reason) => {
                if (await decide(dialog, reason)) setDialog(undefined);
                else setDialog(undefined);
              }}
            />
          )}
        </>
      )}
    </>
  );
}

/** A confirm dialog that needs a reason (reject, dissolve, end a term). */
export function ReasonDialog(props: {
  title: string;
  warning?: string | undefined;
  confirmLabel: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void | Promise<void>;
}) {
  const { tr } = useLang();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <form
        method="dialog"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason.trim()) {
            setError(tr('detail.reasonRequired'));
            return;
          }
          void props.onConfirm(reason.trim());
        }}
      >
        {props.warning && <p class="warning-text">{props.warning}</p>}
        <Field label={tr('common.reason')} name="reason" error={error} required>
          {({ id, describedBy, invalid }) => (
            <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={3} maxLength={500} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
          )}
        </Field>
        <DialogActions label={props.confirmLabel} busy={props.busy} onCancel={props.onCancel} />
      </form>
    </Dialog>
  );
}

function BranchFacts({ branch }: { branch: Branch }) {
  const { lang, tr } = useLang();
  const standards = useLoad<StandardsList>('/api/branch-standards');
  const items = standards.state.phase === 'ready' ? standards.state.data.items : [];
  return (
    <>
      <section class="panel" aria-labelledby="facts-title">
        <h2 id="facts-title">{tr('detail.facts')}</h2>
        <dl class="facts">
          <Fact label={tr('branches.host')} value={branch.hostOrganisation} />
          <Fact label={tr('branches.division')} value={tr('detail.divisionWithCode', { name: branch.divisionName, code: branch.division })} />
          <Fact label={tr('branches.founded')} value={branch.foundedOn ?? tr('common.dash')} />
          <Fact label={tr('form.memberCount')} value={String(branch.memberCount)} />
          <Fact label={tr('form.volunteerCount')} value={String(branch.volunteerCount)} />
          <Fact label={tr('detail.proposed')} value={`${branch.proposedBy} · ${formatDateTime(branch.proposedAt, lang)}`} />
          {branch.approvedAt && <Fact label={tr('detail.approved')} value={`${branch.approvedBy ?? ''} · ${formatDateTime(branch.approvedAt, lang)}`} />}
          {branch.closedAt && <Fact label={tr('detail.closed')} value={`${branch.closedBy ?? ''} · ${formatDateTime(branch.closedAt, lang)}`} />}
          {branch.closedReason && <Fact label={tr('detail.closedReason')} value={branch.closedReason} />}
          <Fact label={tr('detail.version')} value={String(branch.version)} />
        </dl>
      </section>
      <section class="panel" aria-labelledby="leaders-title">
        <h2 id="leaders-title">{tr('form.leadership')}</h2>
        {branch.leadership.length === 0 ? (
          <p>{tr('detail.noLeaders')}</p>
        ) : (
          <ul class="plain-list">
            {branch.leadership.map((leader, index) => (
              <li key={index}>
                <strong>{tr(postKey(leader.post))}</strong> {leader.name}
                {leader.title ? ` · ${leader.title}` : ''}
                {leader.phoneMasked ? <span class="mono"> · {leader.phoneMasked}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="sites-title">
        <h2 id="sites-title">{tr('form.sites')}</h2>
        {branch.sites.length === 0 ? (
          <p>{tr('detail.noSites')}</p>
        ) : (
          <ul class="plain-list">
            {branch.sites.map((site, index) => (
              <li key={index}>
                <strong>{tr(siteKey(site.kind))}</strong> {site.name} · {site.address}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel" aria-labelledby="standards-title" aria-busy={standards.state.phase === 'loading'}>
        <h2 id="standards-title">{tr('form.standards')}</h2>
        <LoadStatus state={standards.state} errorKey="form.standardsError" onRetry={standards.reload} />
        <ul class="checklist">
          {items.map((item) => {
            const answer = branch.standards.find((s) => s.itemId === item.id);
            const met = answer?.met === true;
            return (
              <li key={item.id}>
                <Badge tone={met ? 'ok' : 'muted'}>{met ? `✓ ${tr('detail.standardMet')}` : tr('detail.standardNotMet')}</Badge> <strong>{item[lang]}</strong>
                {answer?.evidence ? <span class="record-meta"> · {answer.evidence}</span> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function History({ branchId, refresh }: { branchId: string; refresh: number }) {
  const { lang, tr } = useLang();
  const { state, reload } = useLoad<{ items: HistoryEntry[] }>(`/api/branches/${encodeURIComponent(branchId)}/history`);
  useEffect(() => {
    if (refresh) reload();
  }, [refresh, reload]);
  return (
    <section class="panel" aria-labelledby="history-title" aria-busy={state.phase === 'loading'}>
      <h2 id="history-title">{tr('detail.history')}</h2>
      <LoadStatus state={state} errorKey="detail.historyError" onRetry={reload} />
      {state.phase === 'ready' &&
        (state.data.items.length === 0 ? (
          <p>{tr('detail.historyEmpty')}</p>
        ) : (
          <ol class="history">
            {[...state.data.items].reverse().map((entry) => (
              <li key={entry.version}>
                <p class="history-head">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time> · <strong>{entry.actor.name ?? entry.actor.userId}</strong> · {actionLabel(entry.action, tr)} ·{' '}
                  {tr('detail.version')} {entry.version}
                </p>
                {entry.changes.length > 0 && (
                  <ul class="changes">
                    {entry.changes.map((change, index) => (
                      <li key={index}>
                        <span class="change-field" data-field={change.field}>
                          {fieldLabel(change.field, tr)}
                        </span>
                        {tr('history.colon')}
                        <del>{valueText(change.field, change.before, tr)}</del> → <ins>{valueText(change.field, change.after, tr)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
