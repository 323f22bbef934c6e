/**
 * Script of the public typical cases page (典型案例, `/cases/`). Plain DOM like the branch finder,
 * for WeChat on cheap phones: the list of published cases of the province, a city or a county
 * (`GET /api/public/cases?division=&cursor=`, twelve at a time, "load more"), and one case with its
 * photos when the address has `?id=` (`GET /api/public/cases/{caseId}`). Both views live on one
 * page: moving between them uses the History API, so Back works and a case link can be shared.
 */
import './public.css';
import './picks.css';
import './cases.css';
import { describeError, isAbort, requestJson } from '../common/api.js';
import { ancestorAt, isDivisionCode, levelOfCode } from '../common/divisions.js';
import { displayTimeZone, readStoredLang, t, type Lang, type MessageKey } from '../common/i18n.js';
import { h, setupLangToggle, translateStatic } from '../common/public-chrome.js';
import { byId, fillDivisions, translateEmptyOptions } from '../common/public-picks.js';
import type { PublicCase, PublicCaseCard, PublicCasePage, PublicPhoto } from '../../../shared/cases/case.js';

const provinceCode = '420000000000';
let lang: Lang = readStoredLang();


const listView = byId('cs-list-view');
const detailView = byId('cs-detail-view');
const selects = { city: byId<HTMLSelectElement>('cs-city'), county: byId<HTMLSelectElement>('cs-county') };

// ---------------------------------------------------------------------------------------------
// Address: ?division= (the list's filter) and ?id= (one case)

interface Place {
  division: string;
  id: string | undefined;
}

function readPlace(): Place {
  const params = new URLSearchParams(location.search);
  const division = params.get('division');
  const id = params.get('id');
  const valid = isDivisionCode(division) && ['province', 'city', 'county'].includes(levelOfCode(division));
  return { division: valid ? division : provinceCode, id: id && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ? id : undefined };
}

function hrefOf(place: Place): string {
  const params = new URLSearchParams();
  if (place.division !== provinceCode) params.set('division', place.division);
  if (place.id) params.set('id', place.id);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Dates and photos

const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** The calendar day of an instant in Asia/Shanghai, whatever the phone's own zone. */
function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: displayTimeZone, year: 'numeric', month: lang === 'zh' ? 'long' : 'short', day: 'numeric' });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

/** An image that loads only when scrolled near, with its size reserved and a text alternative. */
function photoImage(photo: PublicPhoto, alt: string, className?: string): HTMLImageElement {
  const image = h('img', className);
  image.src = photo.url;
  image.alt = photo.caption || alt;
  image.loading = 'lazy';
  image.decoding = 'async';
  if (photo.width && photo.height) {
    image.width = photo.width;
    image.height = photo.height;
  }
  return image;
}

function placeName(item: { countyName: string; divisionName: string; county: string; division: string }): string {
  return item.division === item.county ? item.countyName : `${item.countyName} · ${item.divisionName}`;
}

// ---------------------------------------------------------------------------------------------
// The list

type ListState =
  | { phase: 'loading' }
  | { phase: 'ready'; division: { code: string; name: string }; items: PublicCaseCard[]; cursor?: string; loadingMore: boolean }
  | { phase: 'error'; error: unknown; retry: () => void };
let list: ListState = { phase: 'loading' };
let listFor = '';
let inFlight: AbortController | undefined;

async function loadList(division: string, cursor?: string): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  if (cursor && list.phase === 'ready') list = { ...list, loadingMore: true };
  else list = { phase: 'loading' };
  listFor = division;
  renderList();
  try {
    const query = new URLSearchParams({ division, ...(cursor ? { cursor } : {}) });
    const page = await requestJson<PublicCasePage>(`/api/public/cases?${query}`, { lang, signal: controller.signal });
    const before = cursor && list.phase === 'ready' ? list.items : [];
    list = { phase: 'ready', division: page.division, items: [...before, ...page.items], ...(page.cursor ? { cursor: page.cursor } : {}), loadingMore: false };
  } catch (error) {
    if (isAbort(error) && controller.signal.aborted) return;
    list = { phase: 'error', error, retry: () => void loadList(division, cursor) };
  }
  renderList();
}

function caseCard(item: PublicCaseCard, division: string): HTMLLIElement {
  const card = h('li', 'case-card');
  if (item.cover) card.append(photoImage(item.cover, item.title, 'case-cover'));
  const body = h('div', 'case-card-body');
  const title = h('h2');
  const link = h('a', undefined, item.title);
  link.href = hrefOf({ division, id: item.caseId });
  link.dataset.nav = '';
  title.append(link);
  const meta = [placeName(item), t(lang, 'cases.publishedOn', { date: formatDate(item.publishedAt) })];
  if (item.photoCount > 1) meta.push(t(lang, 'cases.photoCount', { count: item.photoCount }));
  body.append(title, h('p', 'case-summary-short', item.summary), h('p', 'case-meta', meta.join(' · ')));
  card.append(body);
  return card;
}

function renderList(): void {
  const status = byId('cs-status');
  const spinner = byId('cs-spinner');
  const errorBox = byId('cs-error');
  const results = byId<HTMLUListElement>('cs-results');
  const more = byId<HTMLButtonElement>('cs-more');
  spinner.hidden = !(list.phase === 'loading' || (list.phase === 'ready' && list.loadingMore));
  errorBox.hidden = list.phase !== 'error';
  results.setAttribute('aria-busy', String(list.phase === 'loading'));
  more.textContent = t(lang, 'cases.more');
  switch (list.phase) {
    case 'loading':
      status.textContent = t(lang, 'cases.loading');
      results.replaceChildren();
      more.hidden = true;
      break;
    case 'ready': {
      const { division, items, cursor } = list;
      status.textContent = items.length
        ? t(lang, items.length === 1 ? (cursor ? 'cases.shownMoreOne' : 'cases.shownOne') : cursor ? 'cases.shownMore' : 'cases.shown', { name: division.name, count: items.length })
        : t(lang, 'cases.empty', { name: division.name });
      results.replaceChildren(...items.map((item) => caseCard(item, division.code)));
      more.hidden = !cursor;
      more.disabled = list.loadingMore;
      break;
    }
    case 'error': {
      status.textContent = '';
      more.hidden = true;
      const retry = h('button', 'button button-small', t(lang, 'common.retry'));
      retry.type = 'button';
      retry.addEventListener('click', list.retry);
      errorBox.replaceChildren(h('p', undefined, t(lang, 'cases.error', { message: describeError(list.error, lang) })), retry);
      break;
    }
  }
}

byId<HTMLButtonElement>('cs-more').addEventListener('click', () => {
  if (list.phase === 'ready' && list.cursor) void loadList(listFor, list.cursor);
});

// ---------------------------------------------------------------------------------------------
// The division pickers: the whole province, a city, or a county of it

function fill(select: HTMLSelectElement, parent: string, emptyKey: MessageKey, chosen: string): Promise<void> {
  return fillDivisions(select, parent, emptyKey, chosen, lang);
}

async function syncPickers(division: string): Promise<void> {
  const city = levelOfCode(division) === 'province' ? '' : ancestorAt(division, 'city');
  await fill(selects.city, provinceCode, 'cases.wholeProvince', city);
  if (city) await fill(selects.county, city, 'cases.allCounties', levelOfCode(division) === 'county' ? division : '');
  else {
    selects.county.replaceChildren(new Option(t(lang, 'cases.allCounties'), ''));
    selects.county.dataset.empty = 'cases.allCounties';
    selects.county.disabled = true;
  }
}

function chooseDivision(division: string): void {
  history.replaceState(null, '', hrefOf({ division, id: undefined }));
  void loadList(division);
}

selects.city.addEventListener('change', () => {
  const city = selects.city.value;
  chooseDivision(city || provinceCode);
  if (city) fill(selects.county, city, 'cases.allCounties', '').catch(showPickerError);
  else void syncPickers(provinceCode).catch(showPickerError);
});

selects.county.addEventListener('change', () => chooseDivision(selects.county.value || selects.city.value || provinceCode));

function showPickerError(error: unknown): void {
  list = { phase: 'error', error, retry: () => location.reload() };
  renderList();
}

// ---------------------------------------------------------------------------------------------
// One case

type DetailState = { phase: 'loading'; id: string } | { phase: 'ready'; item: PublicCase } | { phase: 'error'; id: string; error: unknown };
let detail: DetailState | undefined;

async function loadDetail(id: string, moveFocus: boolean): Promise<void> {
  detail = { phase: 'loading', id };
  renderDetail();
  try {
    detail = { phase: 'ready', item: await requestJson<PublicCase>(`/api/public/cases/${id}`, { lang }) };
  } catch (error) {
    detail = { phase: 'error', id, error };
  }
  if (readPlace().id === id) {
    renderDetail();
    if (moveFocus) focusHeading();
  }
}

function backLink(): HTMLAnchorElement {
  const back = h('a', 'case-back', `← ${t(lang, 'cases.back')}`);
  back.href = hrefOf({ division: readPlace().division, id: undefined });
  back.dataset.nav = '';
  return back;
}

function renderDetail(): void {
  if (!detail) return;
  const article = h('article', 'case-article');
  if (detail.phase === 'loading') {
    article.append(h('p', 'finder-status', t(lang, 'cases.detailLoading')));
  } else if (detail.phase === 'error') {
    const notFound = (detail.error as { status?: number }).status === 404;
    const heading = h('h1', undefined, t(lang, 'cases.heading'));
    heading.tabIndex = -1;
    article.append(heading, h('div', 'error-box', notFound ? t(lang, 'cases.notFound') : t(lang, 'cases.error', { message: describeError(detail.error, lang) })));
    article.lastElementChild?.setAttribute('role', 'alert');
  } else {
    const item = detail.item;
    const heading = h('h1', undefined, item.title);
    heading.tabIndex = -1;
    const meta = h('p', 'case-meta', `${placeName(item)} · ${t(lang, 'cases.publishedOn', { date: formatDate(item.publishedAt) })}`);
    article.append(heading, meta, h('p', 'case-summary', item.summary));
    if (item.photos.length) {
      const photos = h('div', 'case-photos');
      photos.setAttribute('role', 'group');
      photos.setAttribute('aria-label', t(lang, 'cases.photosLabel'));
      for (const photo of item.photos) {
        const figure = h('figure');
        figure.append(photoImage(photo, item.title));
        if (photo.caption) figure.append(h('figcaption', undefined, photo.caption));
        photos.append(figure);
      }
      article.append(photos);
    }
    const body = h('div', 'case-body');
    for (const paragraph of item.body.split(/\n\s*\n/)) if (paragraph.trim()) body.append(h('p', undefined, paragraph.trim()));
    article.append(body);
    document.title = `${item.title} · ${t(lang, 'cases.heading')}`;
  }
  detailView.replaceChildren(backLink(), article);
}

function focusHeading(): void {
  const heading = (readPlace().id ? detailView : listView).querySelector<HTMLElement>('h1');
  heading?.focus();
}

// ---------------------------------------------------------------------------------------------
// Views and navigation

/** Shows what the address asks for: one case, or the list of a division (loaded once per division). */
function route(moveFocus = false): void {
  const place = readPlace();
  listView.hidden = place.id !== undefined;
  detailView.hidden = place.id === undefined;
  if (place.id) {
    if (detail?.phase !== 'ready' || detail.item.caseId !== place.id) void loadDetail(place.id, moveFocus);
    else {
      renderDetail();
      if (moveFocus) focusHeading();
    }
    return;
  }
  document.title = t(lang, 'cases.title');
  if (listFor !== place.division || list.phase === 'error') {
    void loadList(place.division);
    void syncPickers(place.division).catch(showPickerError);
  }
}

// Links between the two views stay on this page (no reload): the list keeps its loaded pages.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-nav]');
  if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const leavingId = readPlace().id;
  history.pushState(null, '', link.getAttribute('href') ?? '');
  route(true);
  if (readPlace().id) window.scrollTo(0, 0);
  else if (leavingId) {
    // Back on the list: return focus to the case just read, so keyboard users keep their place.
    const card = listView.querySelector<HTMLAnchorElement>(`a[href*="id=${leavingId}"]`);
    (card ?? listView.querySelector<HTMLElement>('h1'))?.focus();
  }
});

addEventListener('popstate', () => route());

// ---------------------------------------------------------------------------------------------
// Language

function applyLang(next: Lang): void {
  lang = next;
  translateStatic(lang, 'cases.title');
  translateEmptyOptions(lang, Object.values(selects));
  renderList();
  if (readPlace().id) {
    // The server's messages (and nothing else) depend on the language: refetch only after an error.
    if (detail?.phase === 'error') void loadDetail(detail.id, false);
    else renderDetail();
  }
}

setupLangToggle(() => lang, applyLang);
applyLang(lang);
route();
