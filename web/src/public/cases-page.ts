/**
 * The public typical cases page 典型案例 (`/cases/`), rendered at build time in Chinese like the
 * home page: the header, the heading, the city and county pickers and an empty list paint before
 * any script runs. `cases.ts` lists published cases from `GET /api/public/cases` and shows one
 * case (`?id=`) from `GET /api/public/cases/{caseId}`.
 */
import { i18nElement as el, type PageAssets } from '../common/html.js';
import { publicDocument, type NavLink } from '../common/public-chrome.js';
import { pickSelect } from '../common/public-picks.js';
import { t, type Lang } from '../common/i18n.js';

/** The links of the public header on this page (the current page marked). */
export function casesNav(): NavLink[] {
  return [
    { key: 'public.nav.branches', href: '/branches/' },
    { key: 'public.nav.cases', href: '/cases/', current: true },
    { key: 'public.nav.services', href: '/#services' },
    { key: 'public.nav.portal', href: '/portal/', className: 'nav-portal' },
  ];
}

export function renderCasesPage(lang: Lang, assets: PageAssets): string {
  return publicDocument(lang, assets, {
    title: 'cases.title',
    description: 'cases.lead',
    nav: casesNav(),
    main: `  <section class="section">
    <div class="wrap">
      <div id="cs-list-view">
        ${el(lang, 'h1', 'cases.heading', 'id="cs-title" class="page-title" tabindex="-1"')}
        ${el(lang, 'p', 'cases.lead', 'class="section-lead"')}
        <div class="picks cases-picks">
          ${pickSelect(lang, 'cs-city', 'cases.city', 'cases.wholeProvince')}
          ${pickSelect(lang, 'cs-county', 'cases.county', 'cases.allCounties')}
        </div>
        <div class="finder-status-row"><span class="spinner" id="cs-spinner" aria-hidden="true" hidden></span><p id="cs-status" class="finder-status" role="status">${t(lang, 'cases.loading')}</p></div>
        <div id="cs-error" class="error-box" role="alert" hidden></div>
        <ul id="cs-results" class="case-results" aria-labelledby="cs-title"></ul>
        <p class="case-more-row"><button type="button" id="cs-more" class="button button-secondary" hidden>${t(lang, 'cases.more')}</button></p>
      </div>
      <div id="cs-detail-view" hidden></div>
      <noscript><p class="error-box">${t('zh', 'cases.noScript')} / ${t('en', 'cases.noScript')}</p></noscript>
    </div>
  </section>`,
  });
}
