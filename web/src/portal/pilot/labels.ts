/**
 * Words and formats of the pilot screens (pure, unit-tested): dictionary keys of every step,
 * outcome, timeline event and KPI, money in yuan (stored as fen), dates in Asia/Shanghai. Values
 * the server may add later (a new step or event) fall back to their code instead of a blank.
 */
import { displayTimeZone, type Lang, type MessageParams } from '../../common/i18n.js';
import { hasPortalKey, type AnyKey } from '../messages.js';
import { todayInShanghai } from '../org/Members.js';
import type { DisplayStep } from './workflow.js';
import { kpiUnits, type KpiKey, type KpiUnit, type Outcome, type TimelineKind } from './types.js';

type Translate = (key: AnyKey, params?: MessageParams) => string;

/** The word for a code, or the code itself when this build has no word for it. */
function labelOr(key: string, code: string, tr: Translate): string {
  return hasPortalKey(key) ? tr(key) : code;
}

export const stepLabel = (step: DisplayStep | string, tr: Translate): string => labelOr(`pilot.step.${step}`, step, tr);
export const outcomeLabel = (outcome: Outcome | string, tr: Translate): string => labelOr(`pilot.outcome.${outcome}`, outcome, tr);
export const eventLabel = (kind: TimelineKind | string, tr: Translate): string => labelOr(`pilot.event.${kind}`, kind, tr);
/** A timeline event's heading: a decision says what was decided ("决定：批准", "申报完成"). */
export function eventTitle(event: { kind: TimelineKind | string; outcome?: Outcome | string | undefined }, tr: Translate): string {
  if (event.kind === 'decision' && event.outcome && hasPortalKey(`pilot.event.decision.${event.outcome}`)) return tr(`pilot.event.decision.${event.outcome}` as AnyKey);
  return eventLabel(event.kind, tr);
}
export const kpiLabel = (key: KpiKey | string, tr: Translate): string => labelOr(`pilot.kpi.${key}`, key, tr);
/**
 * A KPI's name with the unit its figure is typed in: "学校红十字会（个）", "村（社区）覆盖率（%）",
 * "筹集资金（元）" (form labels).
 */
export function kpiInputLabel(key: KpiKey, tr: Translate): string {
  const label = kpiLabel(key, tr);
  const unit = kpiUnits[key];
  if (unit === 'fen') return tr('pilot.form.yuanLabel', { label });
  if (unit === 'percent') return tr('pilot.form.percentLabel', { label });
  return hasPortalKey(`pilot.unit.${key}`) ? tr('pilot.form.unitLabel', { label, unit: tr(`pilot.unit.${key}` as AnyKey) }) : label;
}
/** Why a declaration was refused (`targetsUnmet`, `noTypicalCases`). */
export const refusalLabel = (reason: string, tr: Translate): string => labelOr(`pilot.refused.${reason}`, reason, tr);
export const sourceLabel = (source: string, tr: Translate): string => labelOr(`pilot.source.${source}`, source, tr);

/** Badge tone of a step: waiting on someone (warn), done (ok), broken (bad), not started (muted). */
export function stepTone(step: DisplayStep | string): 'ok' | 'warn' | 'muted' | 'bad' {
  if (step === 'completed') return 'ok';
  if (step === 'faulted') return 'bad';
  if (step === 'draft') return 'muted';
  return 'warn';
}

/**
 * Fen from what an officer typed in yuan ("12.5", "1,200", "¥30"): whole fen only (at most two
 * decimals), never negative; undefined when it is not such an amount. Parsed as text, not as a
 * float, so 0.29 yuan is 29 fen and not 28.999….
 */
export function yuanToFen(text: string): number | undefined {
  const cleaned = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** Fen as the yuan text an input shows ("12.3" → "12.30"; whole yuan without decimals). */
export function fenToYuanText(fen: number): string {
  if (!Number.isFinite(fen)) return '';
  const whole = Math.trunc(fen / 100);
  const rest = Math.abs(fen % 100);
  return rest ? `${whole}.${String(rest).padStart(2, '0')}` : String(whole);
}

const localeOf = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-GB');

/** Fen shown as yuan: "¥12,000" or "¥12.50" (English "CN¥…"). */
export function formatYuan(fen: number, lang: Lang): string {
  const digits = fen % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: 'CNY', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fen / 100);
}

/** A KPI figure in its unit: "58.8%", "1,234", "¥50,000". */
export function formatKpi(value: number, unit: KpiUnit, lang: Lang): string {
  if (unit === 'fen') return formatYuan(value, lang);
  if (unit === 'percent') return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(value)}%`;
  return new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 }).format(value);
}

/** A KPI figure in few characters, for the chart: "¥3.3万", "1.3k" beside the exact table. */
export function formatKpiShort(value: number, unit: KpiUnit, lang: Lang): string {
  if (unit === 'fen') {
    return new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: 'CNY', notation: 'compact', maximumFractionDigits: 1 }).format(value / 100);
  }
  if (unit === 'count' && value >= 10_000) return new Intl.NumberFormat(localeOf(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return formatKpi(value, unit, lang);
}

/**
 * How much of a target is reached, in percent with one decimal; undefined when the target is 0
 * (nothing asked: the KPI is met, but "∞ %" would say nothing).
 */
export function achievement(actual: number, target: number): number | undefined {
  if (!(target > 0) || !Number.isFinite(actual)) return undefined;
  return Math.round((actual / target) * 1000) / 10;
}

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/**
 * A deadline or other instant as a calendar date in Asia/Shanghai ("2026/6/30", "30 Jun 2026"):
 * deadlines are stored as the last instant of a Shanghai day, which is that day only there.
 */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(lang), { timeZone: displayTimeZone, year: 'numeric', month: lang === 'zh' ? 'numeric' : 'short', day: 'numeric' });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

/** The `YYYY-MM-DD` a date input shows for a stored instant (its Shanghai day); '' when invalid. */
export function dateInputOf(iso: string | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : todayInShanghai(date);
}
