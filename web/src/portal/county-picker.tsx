/**
 * The county a county-scoped screen works on. County and branch staff work in their own county;
 * city, province (and evaluator) staff pick one with a cascade, kept for the browser session and
 * shared by every section that uses this picker (organisation, typical cases).
 */
import { useEffect, useState } from 'preact/hooks';
import { isDivisionCode, levelOfCode } from '../common/divisions.js';
import { useLang } from './context.js';
import type { Me } from './me.js';
import type { AnyKey } from './messages.js';
import { countyPickerLevels } from './org/access.js';
import { DivisionCascade } from './ui.js';

const countyStorageKey = 'boai.county';

/** A county below `scope` (or `scope` itself), as a link or the stored choice may name it. */
export function countyWithin(code: string | null | undefined, scope: string): code is string {
  return isDivisionCode(code) && levelOfCode(code) === 'county' && code.startsWith(scope.replace(/0+$/, ''));
}

function readStoredCounty(scope: string): string {
  try {
    const stored = sessionStorage.getItem(countyStorageKey);
    return countyWithin(stored, scope) ? stored : '';
  } catch {
    return '';
  }
}

export interface CountyChoice {
  county: string | undefined;
  picker: preact.JSX.Element | null;
}

/**
 * The county the screen works on, and for staff above county level the picker that sets it.
 * `ownCounty` is the user's own county (no picker then); `linked` a county a link names (it wins
 * over the stored choice); `legend` the picker's caption.
 */
export function useCounty(me: Me, ownCounty: string | undefined, legend: AnyKey, linked?: string): CountyChoice {
  const { tr } = useLang();
  const [picked, setPicked] = useState(() => (ownCounty ? '' : countyWithin(linked, me.division.code) ? linked : readStoredCounty(me.division.code)));
  useEffect(() => {
    if (!ownCounty && countyWithin(linked, me.division.code)) setPicked(linked);
  }, [linked]);
  useEffect(() => {
    if (ownCounty || !picked || levelOfCode(picked) !== 'county') return;
    try {
      sessionStorage.setItem(countyStorageKey, picked);
    } catch {
      // Storage blocked: the choice lasts for this page only.
    }
  }, [picked, ownCounty]);
  if (ownCounty) return { county: ownCounty, picker: null };
  return {
    county: picked && levelOfCode(picked) === 'county' ? picked : undefined,
    picker: (
      <fieldset class="panel county-picker">
        <legend>{tr(legend)}</legend>
        <DivisionCascade root={me.division.code} levels={countyPickerLevels(me)} value={picked} onChange={setPicked} name="county" />
      </fieldset>
    ),
  };
}
