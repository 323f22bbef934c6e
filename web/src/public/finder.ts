/**
 * Script of the public branch finder (找红会). Plain DOM like the home page, for WeChat on cheap
 * phones: choose a city, a county and optionally a township (public `GET /api/divisions`), then
 * list the active branches there (`GET /api/public/branches?division=`) with their type, host
 * organisation and the addresses of their sites. The chosen division is kept in `?division=` so a
 * link can be shared.
 */
import './public.css';
import './picks.css';
import './finder.css';
import { describeError, isAbort, requestJson } from '../common/api.js';
import { ancestorAt, isDivisionCode, levelOfCode } from '../common/divisions.js';
import { isMessageKey, readStoredLang, t, type Lang, type MessageKey } from '../common/i18n.js';
import type { PublicBranch } from '../../../shared/branches/branch.js';
import { h, setupLangToggle, translateStatic } from '../common/public-chrome.js';
import { byId, fillDivisions, translateEmptyOptions } from '../common/public-picks.js';
import { hasCoordinates, type LatLng, nearestKm } from '../common/geo.js';

interface PublicBranchesResponse {
  division: { code: string; name: string };
  items: PublicBranch[];
}

let lang: Lang = readStoredLang();



const selects = {
  city: byId<HTMLSelectElement>('bf-city'),
  county: byId<HTMLSelectElement>('bf-county'),
  township: byId<HTMLSelectElement>('bf-township'),
};
/** Fills a select with a division list; `emptyKey` labels the "nothing chosen" option. */
function fill(select: HTMLSelectElement, parent: string | undefined, emptyKey: MessageKey, chosen = ''): Promise<void> {
  return fillDivisions(select, parent, emptyKey, chosen, lang);
}

function clear(select: HTMLSelectElement): void {
  select.replaceChildren(new Option(t(lang, 'branchFinder.choose'), ''));
  select.dataset.empty = 'branchFinder.choose';
  select.disabled = true;
}

// ---------------------------------------------------------------------------------------------
// Results

type Results = { phase: 'pick' } | { phase: 'loading' } | { phase: 'ready'; data: PublicBranchesResponse } | { phase: 'error'; error: unknown; retry: () => void };
let results: Results = { phase: 'pick' };
/** Where the visitor is, once they asked for "nearest first" and allowed it. */
let here: LatLng | undefined;
let locating = false;
let inFlight: AbortController | undefined;

async function loadBranches(division: string): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  results = { phase: 'loading' };
  render();
  try {
    const data = await requestJson<PublicBranchesResponse>(`/api/public/branches?division=${division}`, { lang, signal: controller.signal });
    results = { phase: 'ready', data };
  } catch (error) {
    if (isAbort(error) && controller.signal.aborted) return;
    results = { phase: 'error', error, retry: () => void loadBranches(division) };
  }
  render();
}

function siteKey(kind: string): MessageKey | undefined {
  const key = `site.${kind}`;
  return isMessageKey(key) ? key : undefined;
}

function typeLabel(type: string): string {
  const key = `branchType.${type}`;
  return isMessageKey(key) ? t(lang, key) : type;
}

function branchCard(branch: PublicBranch): HTMLLIElement {
  const item = h('li', 'branch-card');
  item.append(h('h2', 'branch-name', branch.name));
  const facts = h('dl', 'branch-facts');
  const fact = (key: MessageKey, value: string) => {
    const row = h('div');
    row.append(h('dt', undefined, t(lang, key)), h('dd', undefined, value));
    facts.append(row);
  };
  const km = here ? nearestKm(here, branch.sites) : undefined;
  if (km !== undefined) item.append(h('p', 'branch-distance', t(lang, 'branchFinder.distance', { km: km < 10 ? km.toFixed(1) : Math.round(km).toString() })));
  fact('branchFinder.type', typeLabel(branch.type));
  fact('branchFinder.host', branch.hostOrganisation);
  fact('branchFinder.place', branch.divisionName);
  if (branch.foundedOn) fact('branchFinder.founded', branch.foundedOn);
  item.append(facts);
  const sitesTitle = h('h3', 'sites-title', t(lang, 'branchFinder.sites'));
  item.append(sitesTitle);
  if (!branch.sites.length) {
    item.append(h('p', 'no-sites', t(lang, 'branchFinder.noSites')));
  } else {
    const list = h('ul', 'site-list');
    for (const site of branch.sites) {
      const key = siteKey(site.kind);
      const entry = h('li');
      entry.append(h('span', 'site-kind', key ? t(lang, key) : site.kind), h('span', 'site-name', site.name), h('span', 'site-address', site.address));
      list.append(entry);
    }
    item.append(list);
  }
  return item;
}

function render(): void {
  const near = byId<HTMLButtonElement>('bf-near');
  const mapped = results.phase === 'ready' && results.data.items.some((branch) => branch.sites.some(hasCoordinates));
  near.hidden = !mapped || !('geolocation' in navigator);
  near.disabled = locating;
  near.textContent = t(lang, locating ? 'branchFinder.locating' : 'branchFinder.nearest');
  near.setAttribute('aria-pressed', String(here !== undefined));
  const status = byId('bf-status');
  const spinner = byId('bf-spinner');
  const errorBox = byId('bf-error');
  const list = byId<HTMLUListElement>('bf-results');
  spinner.hidden = results.phase !== 'loading';
  errorBox.hidden = results.phase !== 'error';
  list.setAttribute('aria-busy', String(results.phase === 'loading'));
  switch (results.phase) {
    case 'pick':
      status.textContent = t(lang, 'branchFinder.pick');
      list.replaceChildren();
      break;
    case 'loading':
      status.textContent = t(lang, 'branchFinder.loading');
      break;
    case 'ready': {
      const { division, items } = results.data;
      status.textContent = items.length ? t(lang, 'branchFinder.count', { name: division.name, count: items.length }) : t(lang, 'branchFinder.empty', { name: division.name });
      // Nearest first once the visitor shared a location; branches without mapped sites last.
      const ordered = here
        ? [...items].sort((a, b) => (nearestKm(here!, a.sites) ?? Infinity) - (nearestKm(here!, b.sites) ?? Infinity))
        : items;
      list.replaceChildren(...ordered.map(branchCard));
      break;
    }
    case 'error': {
      status.textContent = '';
      list.replaceChildren();
      const retry = h('button', 'button button-small', t(lang, 'common.retry'));
      retry.type = 'button';
      retry.addEventListener('click', results.retry);
      errorBox.replaceChildren(h('p', undefined, t(lang, 'branchFinder.error', { message: describeError(results.error, lang) })), retry);
      break;
    }
  }
}

function showDivisionError(error: unknown): void {
  results = { phase: 'error', error, retry: () => location.reload() };
  render();
}

// ---------------------------------------------------------------------------------------------
// Pickers and the shareable ?division=

function chosenDivision(): string | undefined {
  return selects.township.value || selects.county.value || undefined;
}

function remember(division: string | undefined): void {
  const url = new URL(location.href);
  if (division) url.searchParams.set('division', division);
  else url.searchParams.delete('division');
  history.replaceState(null, '', url);
}

function onDivisionChosen(): void {
  const division = chosenDivision();
  remember(division);
  if (division) void loadBranches(division);
  else {
    inFlight?.abort();
    results = { phase: 'pick' };
    render();
  }
}

selects.city.addEventListener('change', () => {
  clear(selects.township);
  if (!selects.city.value) {
    clear(selects.county);
    onDivisionChosen();
    return;
  }
  fill(selects.county, selects.city.value, 'branchFinder.choose').then(onDivisionChosen, showDivisionError);
});

selects.county.addEventListener('change', () => {
  if (!selects.county.value) {
    clear(selects.township);
    onDivisionChosen();
    return;
  }
  onDivisionChosen();
  fill(selects.township, selects.county.value, 'branchFinder.allTownships').catch(showDivisionError);
});

selects.township.addEventListener('change', onDivisionChosen);

// "Nearest first": the browser asks the visitor; nothing is sent anywhere, the sorting is local.
byId<HTMLButtonElement>('bf-near').addEventListener('click', () => {
  locating = true;
  render();
  navigator.geolocation.getCurrentPosition(
    (position) => {
      locating = false;
      here = { latitude: position.coords.latitude, longitude: position.coords.longitude };
      render();
    },
    () => {
      locating = false;
      render();
      byId('bf-status').textContent = t(lang, 'branchFinder.noLocation');
    },
    { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
  );
});

async function start(): Promise<void> {
  const param = new URLSearchParams(location.search).get('division');
  const initial = isDivisionCode(param) && (levelOfCode(param) === 'county' || levelOfCode(param) === 'township') ? param : undefined;
  try {
    await fill(selects.city, undefined, 'branchFinder.choose', initial ? ancestorAt(initial, 'city') : '');
    if (!initial) return;
    await fill(selects.county, ancestorAt(initial, 'city'), 'branchFinder.choose', ancestorAt(initial, 'county'));
    await fill(selects.township, ancestorAt(initial, 'county'), 'branchFinder.allTownships', levelOfCode(initial) === 'township' ? initial : '');
    onDivisionChosen();
  } catch (error) {
    showDivisionError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Language

function applyLang(next: Lang): void {
  lang = next;
  translateStatic(lang, 'branchFinder.title');
  translateEmptyOptions(lang, Object.values(selects));
  render();
}

setupLangToggle(() => lang, applyLang);

applyLang(lang);
void start();
