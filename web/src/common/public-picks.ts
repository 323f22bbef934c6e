/**
 * The division pickers of the public pages (the branch finder, typical cases): plain `<select>`s
 * filled from the public `GET /api/divisions`, each with a "nothing chosen" first option whose
 * message key sits in `data-empty` so a language switch can re-translate it. Build time renders
 * the empty pickers (`pickSelect`); the browser fills them (`fillDivisions`). Plain DOM: bundled
 * into each public page's own script.
 */
import { requestJson, type DivisionsResponse } from './api.js';
import { i18nElement as el } from './html.js';
import { isMessageKey, t, type Lang, type MessageKey } from './i18n.js';

/** An empty, disabled picker with its label (build time). */
export function pickSelect(lang: Lang, id: string, labelKey: MessageKey, emptyKey: MessageKey): string {
  return `<div class="pick">${el(lang, 'label', labelKey, `for="${id}"`)}<select id="${id}" disabled><option value="">${t(lang, emptyKey)}</option></select></div>`;
}

/** The element with `id`, which the pre-rendered page must have. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element as T;
}

const divisionCache = new Map<string, Promise<DivisionsResponse>>();

/** The children of `parent` (the cities without one), fetched once per page; a failure is not kept. */
export function divisionChildren(parent: string | undefined, lang: Lang): Promise<DivisionsResponse> {
  const key = parent ?? '';
  let pending = divisionCache.get(key);
  if (!pending) {
    pending = requestJson<DivisionsResponse>(parent ? `/api/divisions?parent=${parent}` : '/api/divisions', { lang });
    divisionCache.set(key, pending);
    pending.catch(() => divisionCache.delete(key));
  }
  return pending;
}

/** Fills a select with the children of `parent`; `emptyKey` labels the "nothing chosen" option. */
export async function fillDivisions(select: HTMLSelectElement, parent: string | undefined, emptyKey: MessageKey, chosen: string, lang: Lang): Promise<void> {
  select.disabled = true;
  select.replaceChildren(new Option(t(lang, emptyKey), ''));
  select.dataset.empty = emptyKey;
  const response = await divisionChildren(parent, lang);
  for (const child of response.children) select.append(new Option(child.name, child.code));
  select.value = response.children.some((child) => child.code === chosen) ? chosen : '';
  select.disabled = false;
}

/** Re-translates each picker's "nothing chosen" option after a language switch. */
export function translateEmptyOptions(lang: Lang, selects: Iterable<HTMLSelectElement>): void {
  for (const select of selects) {
    const key = select.dataset.empty;
    const first = select.options[0];
    if (first && isMessageKey(key)) first.textContent = t(lang, key);
  }
}
