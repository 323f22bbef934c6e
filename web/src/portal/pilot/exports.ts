/** CSV columns of the pilot list (pure: translation and language come in as arguments). */
import { roleNames } from '../../../../shared/auth/roles.js';
import { formatDateTime, type Lang, type MessageParams } from '../../common/i18n.js';
import type { CsvColumn } from '../csv.js';
import type { AnyKey } from '../messages.js';
import { formatDate, stepLabel } from './labels.js';
import type { PilotSummary } from './types.js';
import { displayStep } from './workflow.js';

type Translate = (key: AnyKey, params?: MessageParams) => string;

export interface PilotColumnOptions {
  /** The city of a county, for a province-wide list (adds a 市（州） column). */
  cityName?: (county: string) => string;
}

export function pilotColumns(tr: Translate, lang: Lang, options: PilotColumnOptions = {}): Array<CsvColumn<PilotSummary>> {
  const yesNo = (value: boolean | undefined) => (value === undefined ? '' : tr(value ? 'common.yes' : 'common.no'));
  const { cityName } = options;
  return [
    { header: tr('common.code'), value: (p) => p.county },
    ...(cityName ? [{ header: tr('pilot.list.city'), value: (p: PilotSummary) => cityName(p.county) }] : []),
    { header: tr('pilot.list.county'), value: (p) => p.countyName },
    { header: tr('pilot.list.name'), value: (p) => p.name },
    { header: tr('pilot.list.step'), value: (p) => stepLabel(displayStep(p), tr) },
    {
      header: tr('pilot.list.awaitingColumn'),
      value: (p) => (p.status !== 'running' || !p.awaiting ? '' : p.decided ? tr('pilot.list.decided') : roleNames[p.awaiting][lang]),
    },
    { header: tr('pilot.list.since'), value: (p) => (p.stepSince ? formatDateTime(p.stepSince, lang) : '') },
    { header: tr('pilot.list.deadline'), value: (p) => (p.deadline ? formatDate(p.deadline, lang) : '') },
    { header: tr('pilot.list.overdue'), value: (p) => yesNo(p.overdue) },
    // The scorecard is assessed when a phase is declared complete: blank until then would read as "no".
    { header: tr('pilot.list.met'), value: (p) => (p.scorecardMet === undefined ? tr('pilot.list.metUnknown') : yesNo(p.scorecardMet)) },
  ];
}
