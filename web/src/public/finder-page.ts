/**
 * The public branch finder 找红会 (`/branches/`), rendered at build time in Chinese like the home
 * page: the header, the three pickers and an empty results region paint before any script runs;
 * `finder.ts` fills the pickers and lists active branches from `GET /api/public/branches`.
 */
import { documentHead, i18nElement as el, type PageAssets } from '../common/html.js';
import { publicFooter, publicHeader } from '../common/public-chrome.js';
import { t, type Lang } from '../common/i18n.js';

export function renderFinderPage(lang: Lang, assets: PageAssets): string {
  const select = (id: string, key: 'branchFinder.city' | 'branchFinder.county' | 'branchFinder.township') =>
    `<div class="pick">${el(lang, 'label', key, `for="${id}"`)}<select id="${id}" disabled><option value="">${t(lang, 'branchFinder.choose')}</option></select></div>`;
  return `${documentHead(lang, t(lang, 'branchFinder.title'), assets, t(lang, 'branchFinder.lead'))}
<body>
${el(lang, 'a', 'app.skip', 'class="skip-link" href="#main"')}
${publicHeader(lang, [
  { key: 'branchFinder.heading', href: '/branches/', current: true },
  { key: 'public.nav.cases', href: '/cases/' },
  { key: 'public.nav.services', href: '/#services' },
  { key: 'public.nav.portal', href: '/portal/', className: 'nav-portal' },
])}
<main id="main" tabindex="-1">
  <section class="section" aria-labelledby="bf-title">
    <div class="wrap">
      ${el(lang, 'h1', 'branchFinder.heading', 'id="bf-title" class="page-title"')}
      ${el(lang, 'p', 'branchFinder.lead', 'class="section-lead"')}
      <form class="picks" id="bf-form" onsubmit="return false">
        ${select('bf-city', 'branchFinder.city')}
        ${select('bf-county', 'branchFinder.county')}
        ${select('bf-township', 'branchFinder.township')}
      </form>
      <div class="finder-status-row"><span class="spinner" id="bf-spinner" aria-hidden="true" hidden></span><p id="bf-status" class="finder-status" role="status">${t(lang, 'branchFinder.pick')}</p><button type="button" id="bf-near" class="button button-small finder-near" aria-pressed="false" hidden>${t(lang, 'branchFinder.nearest')}</button></div>
      <div id="bf-error" class="error-box" role="alert" hidden></div>
      <ul id="bf-results" class="branch-results" aria-labelledby="bf-title"></ul>
      <noscript><p class="error-box">查找基层组织需要启用 JavaScript。/ The branch finder needs JavaScript.</p></noscript>
    </div>
  </section>
</main>
${publicFooter(lang)}
</body>
</html>
`;
}
