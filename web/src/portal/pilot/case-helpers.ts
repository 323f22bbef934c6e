/**
 * Pure helpers of the typical cases screens (unit-tested): the photo size to downscale to, the
 * list filter, the request bodies, and reading an upload's base64.
 */
import type { CaseStatus, TypicalCase, TypicalCaseSummary } from '../../../../shared/cases/case.js';

/**
 * The longest side a photo is reduced to before upload (phones take 4000 px and more). The public
 * list shows the first photo as a card cover on slow phone networks and there are no server-side
 * thumbnails, so photos stay modest: 1280 px, JPEG quality {@link photoQuality}.
 */
export const maxPhotoSide = 1280;
/** JPEG quality of an uploaded photo. */
export const photoQuality = 0.8;

/** `width`×`height` scaled down (never up) so the longer side is at most `max`, in whole pixels. */
export function fitWithin(width: number, height: number, max = maxPhotoSide): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) throw new Error('image has no size');
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The cases whose title or summary contains `q` (case-insensitive) and, when given, of `status`. */
export function filterCases<T extends Pick<TypicalCaseSummary, 'title' | 'summary' | 'status'>>(items: readonly T[], q: string, status: CaseStatus | ''): T[] {
  const needle = q.trim().toLowerCase();
  return items.filter(
    (item) => (!status || item.status === status) && (!needle || item.title.toLowerCase().includes(needle) || item.summary.toLowerCase().includes(needle)),
  );
}

/** The form's fields as edited. */
export interface CaseFormState {
  /** '' = the county itself. */
  division: string;
  title: string;
  summary: string;
  body: string;
}

/** Form state from a loaded case (the county itself shows as no township chosen). */
export function formFromCase(item: Pick<TypicalCase, 'county' | 'division' | 'title' | 'summary' | 'body'>): CaseFormState {
  return { division: item.division === item.county ? '' : item.division, title: item.title, summary: item.summary, body: item.body };
}

/** Body of `POST /api/cases`. */
export function createBody(county: string, form: CaseFormState): Record<string, string> {
  return { division: form.division || county, title: form.title.trim(), summary: form.summary.trim(), body: form.body.trim() };
}

/** Body of `PATCH /api/cases/{id}`: only what changed, with the version edited. */
export function editBody(loaded: Pick<TypicalCase, 'county' | 'division' | 'title' | 'summary' | 'body' | 'version'>, form: CaseFormState): Record<string, unknown> {
  const body: Record<string, unknown> = { expectedVersion: loaded.version };
  const division = form.division || loaded.county;
  if (division !== loaded.division) body.division = division;
  for (const field of ['title', 'summary', 'body'] as const) if (form[field].trim() !== loaded[field]) body[field] = form[field].trim();
  return body;
}

/** The base64 payload of a `data:` URL (what FileReader gives), without its prefix. */
export function base64OfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || comma < 0 || !dataUrl.slice(0, comma).endsWith(';base64')) throw new Error('not a base64 data URL');
  return dataUrl.slice(comma + 1);
}

/** Moves the item at `index` by `delta` places (a no-op at the ends). */
export function move<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const copy = [...items];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}
