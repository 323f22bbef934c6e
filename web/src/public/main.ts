/**
 * Script of the public home page. Plain DOM on purpose: visitors open this page from WeChat on
 * cheap phones over slow networks, so it carries no framework and only does three things on top
 * of the pre-rendered HTML: switch language, browse administrative divisions, show service status.
 */
import './public.css';
import {
  describeError,
  requestJson,
  isAbort,
  type Division,
  type DivisionChild,
  type DivisionsResponse,
  type HealthResponse,
} from '../common/api.js';
import { formatDateTime, readStoredLang, t, type Lang, type MessageKey } from '../common/i18n.js';
import { h, setupLangToggle, translateStatic } from '../common/public-chrome.js';

let lang: Lang = readStoredLang();

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element as T;
}


// ---------------------------------------------------------------------------------------------
// Language

/** Re-translates the pre-rendered text (marked with data-i18n) and re-renders the dynamic parts. */
function applyLang(next: Lang): void {
  lang = next;
  translateStatic(lang, 'public.title');
  const description = document.querySelector('meta[name="description"]');
  description?.setAttribute('content', t(lang, 'public.hero.lead'));
  renderFinder();
  renderHealth();
}


// ---------------------------------------------------------------------------------------------
// "Find your local Red Cross": province → city → county → township → village

const levelKeys: Record<Division['level'], MessageKey> = {
  province: 'level.province',
  city: 'level.city',
  county: 'level.county',
  township: 'level.township',
  village: 'level.village',
};

interface FinderState {
  /** Breadcrumb from the province down to the division being shown (empty before the first answer). */
  path: Division[];
  /** Children of the last division in `path`; empty for a village (or any leaf). */
  children: DivisionChild[];
  phase: 'loading' | 'ready' | 'error';
  error?: unknown;
  /** Division whose children are loading (undefined: the province itself, before its name is known). */
  loadingName?: string;
}

const finder: FinderState = { path: [], children: [], phase: 'loading' };
/** Answers already fetched, by parent code ('' = the province), so going back up is instant and offline-safe. */
const divisionCache = new Map<string, DivisionsResponse>();
let inFlight: AbortController | undefined;
/** Repeats the last navigation; the error box's retry button calls it. */
let retryLast: () => void = () => undefined;

/**
 * Shows the children of `target` (undefined: the province). `pathAbove` is the breadcrumb above
 * it. Moves keyboard focus to the new list only when the visitor asked for it (`moveFocus`), so
 * the initial load does not steal focus.
 */
async function openDivision(target: Division | undefined, pathAbove: Division[], moveFocus: boolean): Promise<void> {
  retryLast = () => void openDivision(target, pathAbove, true);
  inFlight?.abort();
  const cacheKey = target?.code ?? '';
  const cached = divisionCache.get(cacheKey);
  if (!cached) {
    finder.phase = 'loading';
    finder.loadingName = target?.name;
    finder.error = undefined;
    renderFinder();
  }
  const controller = new AbortController();
  inFlight = controller;
  try {
    const response =
      cached ??
      (await requestJson<DivisionsResponse>(target ? `/api/divisions?parent=${encodeURIComponent(target.code)}` : '/api/divisions', {
        lang,
        signal: controller.signal,
      }));
    divisionCache.set(cacheKey, response);
    finder.path = [...pathAbove, response.parent];
    finder.children = response.children;
    finder.phase = 'ready';
    finder.error = undefined;
  } catch (error) {
    if (isAbort(error) && controller.signal.aborted) return; // superseded by a newer click
    finder.phase = 'error';
    finder.error = error;
  } finally {
    if (inFlight === controller) inFlight = undefined;
  }
  renderFinder();
  if (moveFocus) focusAfterNavigation();
}

/** A division without children (a village): select it without asking the API for an empty list. */
function selectLeaf(leaf: Division, pathAbove: Division[]): void {
  inFlight?.abort();
  finder.path = [...pathAbove, leaf];
  finder.children = [];
  finder.phase = 'ready';
  finder.error = undefined;
  renderFinder();
  focusAfterNavigation();
}

function focusAfterNavigation(): void {
  const target = finder.phase === 'error' ? byId('finder-error') : finder.children.length ? byId('finder-list-title') : byId('finder-current');
  target.tabIndex = -1;
  target.focus();
}

function societyName(division: Division): string {
  return t(lang, 'find.societyName', { name: division.name });
}

/** Which Red Cross society serves the chosen division: its own above township level, else its county's. */
function societyLine(path: Division[]): string {
  const current = path[path.length - 1];
  if (!current) return '';
  if (current.level === 'province' || current.level === 'city' || current.level === 'county') {
    return t(lang, 'find.society', { society: societyName(current) });
  }
  const county = [...path].reverse().find((division) => division.level === 'county');
  return county ? t(lang, 'find.guided', { society: societyName(county) }) : '';
}

function renderCrumbs(): void {
  const list = byId<HTMLOListElement>('finder-crumbs');
  list.replaceChildren(
    ...finder.path.map((division, index) => {
      const item = h('li');
      if (index === finder.path.length - 1) {
        const here = h('span', 'crumb-current', division.name);
        here.setAttribute('aria-current', 'location');
        item.append(here);
      } else {
        const button = h('button', 'crumb-link', division.name);
        button.type = 'button';
        button.addEventListener('click', () => void openDivision(index === 0 ? undefined : division, finder.path.slice(0, index), true));
        item.append(button);
      }
      return item;
    }),
  );
}

function renderCurrent(): void {
  const card = byId('finder-current');
  const current = finder.path[finder.path.length - 1];
  card.hidden = !current;
  if (!current) return;
  const heading = h('p', 'current-label', t(lang, 'find.selected'));
  const name = h('p', 'current-name', current.name);
  const meta = h('p', 'current-meta', `${t(lang, levelKeys[current.level])} · ${t(lang, 'common.code')} ${current.code}`);
  const society = h('p', 'current-society', societyLine(finder.path));
  card.replaceChildren(heading, name, meta, society);
}

function renderList(): void {
  const title = byId('finder-list-title');
  const list = byId<HTMLUListElement>('finder-list');
  const current = finder.path[finder.path.length - 1];
  // While the next level loads, the current list stays (dimmed) so the page does not jump about.
  const showList = finder.phase !== 'error' && finder.children.length > 0 && current !== undefined;
  title.hidden = !showList;
  list.hidden = !showList;
  list.setAttribute('aria-busy', String(finder.phase === 'loading'));
  list.classList.toggle('is-loading', finder.phase === 'loading');
  if (!showList) {
    list.replaceChildren();
    return;
  }
  title.textContent = t(lang, 'find.listTitle', { name: current.name, count: finder.children.length });
  const pathHere = finder.path;
  list.replaceChildren(
    ...finder.children.map((child) => {
      const item = h('li');
      const button = h('button', child.hasChildren ? 'division has-children' : 'division');
      button.type = 'button';
      button.append(h('span', 'division-name', child.name));
      if (child.hasChildren) button.append(h('span', 'chevron', '›'));
      button.addEventListener('click', () => {
        if (child.hasChildren) void openDivision(child, pathHere, true);
        else selectLeaf(child, pathHere);
      });
      item.append(button);
      return item;
    }),
  );
}

function renderStatus(): void {
  const status = byId('finder-status');
  const spinner = byId('finder-spinner');
  const errorBox = byId('finder-error');
  const current = finder.path[finder.path.length - 1];
  spinner.hidden = finder.phase !== 'loading';
  status.classList.toggle('visually-hidden', finder.phase === 'ready' && finder.children.length > 0);
  errorBox.hidden = finder.phase !== 'error';
  if (finder.phase === 'loading') {
    status.textContent = finder.loadingName ? t(lang, 'find.loading', { name: finder.loadingName }) : t(lang, 'common.loading');
  } else if (finder.phase === 'ready' && current) {
    // The count is also in the list title, so this line is for screen readers only, except at a leaf.
    status.textContent = finder.children.length
      ? t(lang, 'find.loaded', { name: current.name, count: finder.children.length })
      : t(lang, 'find.leaf', { name: current.name });
  } else {
    status.textContent = '';
  }
  if (finder.phase === 'error') {
    const message = h('p', undefined, t(lang, 'find.error', { message: describeError(finder.error, lang) }));
    const retry = h('button', 'button button-small', t(lang, 'common.retry'));
    retry.type = 'button';
    retry.addEventListener('click', () => retryLast());
    errorBox.replaceChildren(message, retry);
  }
}

function renderFinder(): void {
  renderCrumbs();
  renderCurrent();
  renderStatus();
  renderList();
}

// ---------------------------------------------------------------------------------------------
// Service status in the footer

let health: { ok: true; time: string } | { ok: false } | undefined;

async function checkHealth(): Promise<void> {
  try {
    const response = await requestJson<HealthResponse>('/api/health', { lang, timeoutMs: 10_000 });
    health = response.status === 'ok' ? { ok: true, time: response.time } : { ok: false };
  } catch {
    health = { ok: false };
  }
  renderHealth();
}

function renderHealth(): void {
  const text = byId('health-text');
  const dot = byId('health-dot');
  if (!health) {
    text.textContent = t(lang, 'status.checking');
    dot.className = 'health-dot';
  } else if (health.ok) {
    text.textContent = `${t(lang, 'status.ok')} · ${t(lang, 'status.checkedAt', { time: formatDateTime(health.time, lang) })}`;
    dot.className = 'health-dot health-ok';
  } else {
    text.textContent = t(lang, 'status.down');
    dot.className = 'health-dot health-down';
  }
}

// ---------------------------------------------------------------------------------------------

setupLangToggle(() => lang, applyLang);
applyLang(lang);
void openDivision(undefined, [], false);
void checkHealth();
