/**
 * 组织建设: the grassroots-organisation section. Hash routes under `#/branches`:
 *
 *   #/branches                    branch list (filters, export, import)
 *   #/branches/new                register a branch
 *   #/branches/{id}               branch detail (members, history, decisions)
 *   #/branches/{id}/edit          edit a branch
 *   #/branches/commissioners      commissioners
 *   #/branches/coverage[/{code}]  coverage dashboard, drilled down to a division
 *
 * County and branch staff work in their own county; city and province staff choose one (kept for
 * the browser session) and only read.
 */
import { useEffect, useState } from 'preact/hooks';
import { isDivisionCode, levelOfCode } from '../../common/divisions.js';
import { useLang } from '../context.js';
import type { Me } from '../me.js';
import { DivisionCascade } from '../ui.js';
import { orgAccess, countyPickerLevels, type OrgAccess } from './access.js';
import { BranchDetail } from './BranchDetail.js';
import { BranchForm } from './BranchForm.js';
import { BranchList } from './BranchList.js';
import { Commissioners } from './Commissioners.js';
import { Coverage } from './Coverage.js';

const countyStorageKey = 'boai.county';

function readStoredCounty(scope: string): string {
  try {
    const stored = sessionStorage.getItem(countyStorageKey);
    const prefix = scope.replace(/0+$/, '');
    return isDivisionCode(stored) && levelOfCode(stored) === 'county' && stored.startsWith(prefix) ? stored : '';
  } catch {
    return '';
  }
}

/** The county the section works on, and for city/province staff the picker that sets it. */
function useCounty(me: Me, access: OrgAccess): { county: string | undefined; picker: preact.JSX.Element | null } {
  const { tr } = useLang();
  const [picked, setPicked] = useState(() => (access.ownCounty ? '' : readStoredCounty(me.division.code)));
  useEffect(() => {
    if (access.ownCounty) return;
    try {
      if (picked && levelOfCode(picked) === 'county') sessionStorage.setItem(countyStorageKey, picked);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }, [picked, access.ownCounty]);
  if (access.ownCounty) return { county: access.ownCounty, picker: null };
  const county = picked && levelOfCode(picked) === 'county' ? picked : undefined;
  return {
    county,
    picker: (
      <fieldset class="panel county-picker">
        <legend>{tr('division.countyPick')}</legend>
        <DivisionCascade root={me.division.code} levels={countyPickerLevels(me)} value={picked} onChange={setPicked} name="county" />
      </fieldset>
    ),
  };
}

type Tab = 'branches' | 'commissioners' | 'coverage';

export function OrgSection({ me, rest }: { me: Me; rest: string[] }) {
  const { tr } = useLang();
  const access = orgAccess(me);
  const { county, picker } = useCounty(me, access);
  const [first, second] = rest;
  const tab: Tab = first === 'commissioners' ? 'commissioners' : first === 'coverage' ? 'coverage' : 'branches';
  const needsCounty = tab !== 'coverage';

  let page: preact.JSX.Element;
  if (tab === 'coverage') {
    page = <Coverage me={me} access={access} division={isDivisionCode(second) ? second : undefined} />;
  } else if (!county) {
    page = <p class="panel">{tr('division.countyFirst')}</p>;
  } else if (tab === 'commissioners') {
    page = <Commissioners county={county} access={access} />;
  } else if (first === 'new') {
    page = <BranchForm county={county} access={access} />;
  } else if (first && second === 'edit') {
    page = <BranchForm county={county} access={access} branchId={first} />;
  } else if (first) {
    page = <BranchDetail branchId={first} access={access} />;
  } else {
    page = <BranchList county={county} access={access} />;
  }

  const detail = tab === 'branches' && first !== undefined;
  return (
    <>
      {!detail && (
        <h1 id="page-title" tabIndex={-1}>
          {tr('org.title')}
        </h1>
      )}
      <nav class="tabs" aria-label={tr('org.tabs')}>
        {(['branches', 'commissioners', 'coverage'] as const).map((key) => (
          <a key={key} href={key === 'branches' ? '#/branches' : `#/branches/${key}`} aria-current={tab === key ? 'page' : undefined}>
            {tr(`org.tab.${key}`)}
          </a>
        ))}
      </nav>
      {needsCounty && picker}
      {!access.canPropose && !access.canDecide && needsCounty && county ? <p class="read-only-note">{tr('common.readOnly')}</p> : null}
      {page}
    </>
  );
}
