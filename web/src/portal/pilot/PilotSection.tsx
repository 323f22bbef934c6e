/**
 * 试点工作: the county pilot section. Hash routes under `#/pilot`:
 *
 *   #/pilot                  province, city and evaluators: every county with a pilot;
 *                            county staff: their own county's pilot (or "start the pilot")
 *   #/pilot/{county}         one county's pilot: phases, decisions, scorecard, timeline
 *   #/pilot/{county}/plan    draft or edit the plan; revise it after the city sent it back
 *   #/pilot/cases…           typical cases (典型案例), a page of its own
 */
import { isDivisionCode, levelOfCode } from '../../common/divisions.js';
import { useLang } from '../context.js';
import type { Me } from '../me.js';
import { CasesPage } from './CasesPage.js';
import { PilotDetail } from './PilotDetail.js';
import { PilotList } from './PilotList.js';
import { PlanForm } from './PlanForm.js';
import { pilotAccess } from './workflow.js';
import './pilot.css';

export function PilotSection({ me, rest }: { me: Me; rest: string[] }) {
  const { tr } = useLang();
  const access = pilotAccess(me);
  const [first, second] = rest;
  const tab = first === 'cases' ? 'cases' : 'pilots';

  let page: preact.JSX.Element;
  let ownHeading = true;
  if (tab === 'cases') {
    page = <CasesPage me={me} rest={rest.slice(1)} />;
    ownHeading = false;
  } else if (isDivisionCode(first) && levelOfCode(first) === 'county') {
    // Keyed by county: nothing (a poll, a notice, typed text) carries over to another county.
    page = second === 'plan' ? <PlanForm key={`${first}/plan`} me={me} county={first} access={access} /> : <PilotDetail key={first} me={me} county={first} access={access} />;
  } else if (access.ownCounty) {
    page = <PilotDetail key={access.ownCounty} me={me} county={access.ownCounty} access={access} />;
  } else {
    page = <PilotList me={me} />;
    ownHeading = false;
  }

  return (
    <>
      {!ownHeading && (
        <h1 id="page-title" tabIndex={-1}>
          {tr('section.pilot')}
        </h1>
      )}
      <nav class="tabs" aria-label={tr('pilot.tabs')}>
        <a href="#/pilot" aria-current={tab === 'pilots' ? 'page' : undefined}>
          {tr(access.ownCounty ? 'pilot.tab.own' : 'pilot.tab.pilots')}
        </a>
        <a href="#/pilot/cases" aria-current={tab === 'cases' ? 'page' : undefined}>
          {tr('pilot.tab.cases')}
        </a>
      </nav>
      {page}
    </>
  );
}
