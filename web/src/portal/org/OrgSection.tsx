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
import { isDivisionCode } from '../../common/divisions.js';
import { useLang } from '../context.js';
import { useCounty } from '../county-picker.js';
import type { Me } from '../me.js';
import { orgAccess } from './access.js';
import { BranchDetail } from './BranchDetail.js';
import { BranchForm } from './BranchForm.js';
import { BranchList } from './BranchList.js';
import { Commissioners } from './Commissioners.js';
import { Coverage } from './Coverage.js';

type Tab = 'branches' | 'commissioners' | 'coverage';

export function OrgSection({ me, rest }: { me: Me; rest: string[] }) {
  const { tr } = useLang();
  const access = orgAccess(me);
  const { county, picker } = useCounty(me, access.ownCounty, 'division.countyPick');
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
