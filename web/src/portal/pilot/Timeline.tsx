/**
 * The five phases as a stepper (done / current / to come, each said in words as well as shown),
 * with each phase's deadline in Asia/Shanghai and, on the current one, the overdue and escalation
 * badges; and the timeline of events (who, when, what was decided, comments), newest first.
 */
import { roleNames, isRole } from '../../../../shared/auth/roles.js';
import { formatDateTime } from '../../common/i18n.js';
import { useLang } from '../context.js';
import { Badge } from '../ui.js';
import { eventTitle, formatDate, kpiLabel, refusalLabel, stepLabel } from './labels.js';
import { planPhases, type Pilot, type TimelineEvent } from './types.js';
import { phaseState } from './workflow.js';

const stateKeys = { done: 'pilot.phase.done', current: 'pilot.phase.current', upcoming: 'pilot.phase.upcoming' } as const;

export function Stepper({ pilot }: { pilot: Pilot }) {
  const { lang, tr } = useLang();
  const pending = pilot.pending;
  return (
    <ol class="stepper" aria-label={tr('pilot.phases')}>
      {planPhases.map((phase, index) => {
        const state = phaseState(phase, pilot.step);
        const current = state === 'current';
        // The running step's own deadline; otherwise the phase's deadline in force (a
        // rectification moves deployment and the phases after it).
        const deadline = current && pending ? pending.deadline : pilot.deadlines[phase];
        return (
          <li key={phase} class={`stepper-item is-${state}`} aria-current={current ? 'step' : undefined} data-phase={phase}>
            <span class="stepper-mark" aria-hidden="true">
              {state === 'done' ? '✓' : index + 1}
            </span>
            <span class="stepper-body">
              <span class="stepper-label">{stepLabel(phase, tr)}</span>
              <span class="stepper-state">
                {tr(stateKeys[state])}
                {current && pilot.step !== phase ? ` · ${stepLabel(pilot.step, tr)}` : ''}
              </span>
              {deadline && <span class="stepper-deadline">{tr('pilot.deadlineValue', { date: formatDate(deadline, lang) })}</span>}
              {current && pending && (pending.overdue || pending.escalations > 0) && (
                <span class="stepper-badges">
                  {pending.overdue && <Badge tone="bad">{tr('pilot.overdue')}</Badge>}
                  {pending.escalations > 0 && <Badge tone="warn">{tr('pilot.escalations', { count: pending.escalations })}</Badge>}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** "张三（市州红十字会）" / "Zhang San (City staff)": the actor's name and role. */
export function actorText(actor: TimelineEvent['actor'], lang: 'zh' | 'en'): string | undefined {
  if (!actor) return undefined;
  const role = isRole(actor.role) ? roleNames[actor.role][lang] : actor.role;
  if (!role) return actor.name;
  return lang === 'zh' ? `${actor.name}（${role}）` : `${actor.name} (${role})`;
}

/** Sending back and ordering rectification read as "to do again"; a refused declaration as refused. */
function eventTone(event: TimelineEvent): 'ok' | 'warn' | 'bad' | undefined {
  if (event.kind === 'refused' || event.kind === 'fault') return 'bad';
  if (event.kind === 'decision') return event.outcome === 'reject' || event.outcome === 'rectify' ? 'warn' : 'ok';
  return undefined;
}

export function TimelineEvents({ events }: { events: readonly TimelineEvent[] }) {
  const { lang, tr } = useLang();
  if (events.length === 0) return <p>{tr('pilot.timeline.empty')}</p>;
  return (
    <ol class="history pilot-timeline">
      {[...events].reverse().map((event, index) => {
        const actor = actorText(event.actor, lang);
        const tone = eventTone(event);
        const title = eventTitle(event, tr);
        return (
          <li key={`${event.at}-${index}`} data-kind={event.kind} data-outcome={event.outcome}>
            <p class="history-head">
              <time dateTime={event.at}>{formatDateTime(event.at, lang)}</time> · {tone ? <Badge tone={tone}>{title}</Badge> : <strong>{title}</strong>}
              {event.step ? ` · ${stepLabel(event.step, tr)}` : ''}
            </p>
            {actor && <p class="record-meta">{tr('pilot.timeline.by', { actor })}</p>}
            {event.deadline && <p class="record-meta">{tr(event.outcome === 'rectify' ? 'pilot.decide.rectifyDue' : 'pilot.deadlineValue', { date: formatDate(event.deadline, lang) })}</p>}
            {event.reason && <p class="record-meta">{refusalLabel(event.reason, tr)}</p>}
            {event.comments && <p class="pilot-comments">{event.comments}</p>}
            {event.unmet && event.unmet.length > 0 && <p class="record-meta">{tr('pilot.timeline.unmet', { kpis: event.unmet.map((key) => kpiLabel(key, tr)).join(tr('pilot.listSeparator')) })}</p>}
          </li>
        );
      })}
    </ol>
  );
}
