/** CSV columns of the pilot list (pure: translation and language come in as arguments). */
import { formatDateTime, type Lang } from '../../common/i18n.js';
import type { CsvColumn } from '../csv.js';
import type { AnyKey } from '../messages.js';
import { formatDate, stepLabel } from './labels.js';
import type { PilotSummary } from './types.js';
import { displayStep } from './workflow.js';

type Translate = (key: AnyKey) => string;

export function pilotColumns(tr: Translate, lang: Lang): Array<CsvColumn<PilotSummary>> {
  const yesNo = (value: boolean | undefined) => (value === undefined ? '' : tr(value ? 'common.yes' : 'common.no'));
  return [
    { header: tr('common.code'), value: (p) => p.county },
    { header: tr('pilot.list.county'), value: (p) => p.countyName },
    { header: tr('pilot.list.name'), value: (p) => p.name },
    { header: tr('pilot.list.step'), value: (p) => stepLabel(displayStep(p), tr) },
    { header: tr('pilot.list.since'), value: (p) => (p.stepSince ? formatDateTime(p.stepSince, lang) : '') },
    { header: tr('pilot.list.deadline'), value: (p) => (p.deadline ? formatDate(p.deadline, lang) : '') },
    { header: tr('pilot.list.overdue'), value: (p) => yesNo(p.overdue) },
    { header: tr('pilot.list.met'), value: (p) => yesNo(p.scorecardMet) },
  ];
}
