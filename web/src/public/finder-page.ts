/**
 * The public branch finder 找红会 (`/branches/`), rendered at build time in Chinese like the home
 * page: the header, the three pickers and an empty results region paint before any script runs;
 * `finder.ts` fills the pickers and lists active branches from `GET /api/public/branches`.
 */
import { documentHead, emblemSvg, i18nElement as el, i18nLabel as label, type PageAssets } from '../common/html.js';
import { t, type Lang } from '../common/i18n.js';

export function renderFinderPage(lang: Lang, assets: PageAssets): string {
  const select = (id: string, key: 'branchFinder.city' | 'branchFinder.county' | 'branchFinder.township') =>
    `<div class="pick">${el(lang, 'label', key, `for="${id}"`)}<select id="${id}" disabled><option value="">${t(lang, 'branchFinder.choose')}</option></select></div>`;
  return `${documentHead(lang, t(lang, 'branchFinder.title'), assets, t(lang, 'branchFinder.lead'))}
<body>
${el(lang, 'a', 'app.skip', 'class="skip-link" href="#main"')}
<header class="site-header">
  <div class="wrap bar">
    <a class="brand" href="/">${emblemSvg('emblem')}<span class="brand-text">${el(lang, 'span', 'app.name', 'class="brand-name"')}${el(lang, 'span', 'app.org', 'class="brand-org"')}</span></a>
    <div class="lang-toggle" role="group" ${label(lang, 'lang.label')}>
      <button type="button" data-lang="zh" lang="zh-CN" aria-pressed="${lang === 'zh'}">中文</button>
      <button type="button" data-lang="en" lang="en" aria-pressed="${lang === 'en'}">English</button>
    </div>
  </div>
  <nav class="wrap site-nav" ${label(lang, 'public.nav.label')}>
    ${el(lang, 'a', 'branchFinder.heading', 'href="/branches/" aria-current="page"')}
    ${el(lang, 'a', 'public.nav.services', 'href="/#services"')}
    ${el(lang, 'a', 'public.nav.portal', 'href="/portal/" class="nav-portal"')}
  </nav>
</header>
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
<footer class="site-footer">
  <div class="wrap footer-grid">
    <div>
      ${el(lang, 'p', 'footer.about', 'class="footer-about"')}
      ${el(lang, 'p', 'footer.motto', 'class="footer-motto"')}
    </div>
  </div>
</footer>
</body>
</html>
`;
}
