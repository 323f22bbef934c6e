/**
 * The public branch finder 找红会 (`/branches/`), rendered at build time in Chinese like the home
 * page: the header, the three pickers and an empty results region paint before any script runs;
 * `finder.ts` fills the pickers and lists active branches from `GET /api/public/branches`.
 */
import { i18nElement as el, type PageAssets } from '../common/html.js';
import { publicDocument } from '../common/public-chrome.js';
import { pickSelect } from '../common/public-picks.js';
import { t, type Lang } from '../common/i18n.js';

export function renderFinderPage(lang: Lang, assets: PageAssets): string {
  return publicDocument(lang, assets, {
    title: 'branchFinder.title',
    description: 'branchFinder.lead',
    nav: [
      { key: 'branchFinder.heading', href: '/branches/', current: true },
      { key: 'public.nav.cases', href: '/cases/' },
      { key: 'public.nav.services', href: '/#services' },
      { key: 'public.nav.portal', href: '/portal/', className: 'nav-portal' },
    ],
    main: `  <section class="section" aria-labelledby="bf-title">
    <div class="wrap">
      ${el(lang, 'h1', 'branchFinder.heading', 'id="bf-title" class="page-title"')}
      ${el(lang, 'p', 'branchFinder.lead', 'class="section-lead"')}
      <form class="picks" id="bf-form" onsubmit="return false">
        ${pickSelect(lang, 'bf-city', 'branchFinder.city', 'branchFinder.choose')}
        ${pickSelect(lang, 'bf-county', 'branchFinder.county', 'branchFinder.choose')}
        ${pickSelect(lang, 'bf-township', 'branchFinder.township', 'branchFinder.choose')}
      </form>
      <div class="finder-status-row"><span class="spinner" id="bf-spinner" aria-hidden="true" hidden></span><p id="bf-status" class="finder-status" role="status">${t(lang, 'branchFinder.pick')}</p><button type="button" id="bf-near" class="button button-small finder-near" aria-pressed="false" hidden>${t(lang, 'branchFinder.nearest')}</button></div>
      <div id="bf-error" class="error-box" role="alert" hidden></div>
      <ul id="bf-results" class="branch-results" aria-labelledby="bf-title"></ul>
      <noscript><p class="error-box">查找基层组织需要启用 JavaScript。/ The branch finder needs JavaScript.</p></noscript>
    </div>
  </section>`,
  });
}
