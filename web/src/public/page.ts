/**
 * The public home page's HTML, rendered at build time (see web/build.ts). Everything static is here
 * so it paints before any script arrives; `main.ts` only adds the language switch, the division
 * browser and the service status.
 */
import { i18nElement as el, i18nLabel as label, type PageAssets } from '../common/html.js';
import { publicDocument } from '../common/public-chrome.js';
import { t, type Lang, type MessageKey } from '../common/i18n.js';

/** The four service lists of the "145" programme, with a simple line icon each (24×24, stroke). */
const services: ReadonlyArray<{ id: string; title: MessageKey; text: MessageKey; icon: string }> = [
  {
    id: 'rescue',
    title: 'service.rescue.title',
    text: 'service.rescue.text',
    // A lifebuoy.
    icon: '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/><path d="M5.6 5.6l3.6 3.6M14.8 14.8l3.6 3.6M18.4 5.6l-3.6 3.6M9.2 14.8l-3.6 3.6"/>',
  },
  {
    id: 'first-aid',
    title: 'service.firstAid.title',
    text: 'service.firstAid.text',
    // A heart with a pulse line.
    icon: '<path d="M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.2a4.3 4.3 0 0 1 7.5 2.6C19.5 15.4 12 20 12 20z"/><path d="M6.5 12.5h3l1.5-2.5 2 4 1.5-1.5h3"/>',
  },
  {
    id: 'relief',
    title: 'service.relief.title',
    text: 'service.relief.text',
    // A home with a cross: aid to households.
    icon: '<path d="M3.5 11L12 4l8.5 7"/><path d="M5.5 9.5V20h13V9.5"/><path d="M12 11.5v5M9.5 14h5"/>',
  },
  {
    id: 'donations',
    title: 'service.donations.title',
    text: 'service.donations.text',
    // A drop (blood, stem cells).
    icon: '<path d="M12 3.5s-6 6.6-6 10.6a6 6 0 0 0 12 0c0-4-6-10.6-6-10.6z"/><path d="M9.5 14.5a2.5 2.5 0 0 0 2.5 2.5"/>',
  },
];

function serviceCard(lang: Lang, service: (typeof services)[number]): string {
  return [
    `<li class="card" id="service-${service.id}">`,
    `<svg class="card-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${service.icon}</svg>`,
    el(lang, 'h3', service.title),
    el(lang, 'p', service.text),
    '</li>',
  ].join('');
}

/** The full home page in `lang` (the build uses Chinese, the default). */
export function renderPublicPage(lang: Lang, assets: PageAssets): string {
  return publicDocument(lang, assets, {
    title: 'public.title',
    description: 'public.hero.lead',
    nav: [
      { key: 'public.nav.services', href: '#services' },
      { key: 'public.nav.find', href: '#find' },
      { key: 'public.nav.branches', href: '/branches/' },
      { key: 'public.nav.cases', href: '/cases/' },
      { key: 'public.nav.portal', href: '/portal/', className: 'nav-portal' },
    ],
    main: `  <section class="hero" aria-labelledby="hero-title">
    <div class="wrap">
      ${el(lang, 'h1', 'public.hero.motto', 'id="hero-title"')}
      ${el(lang, 'p', 'public.hero.lead', 'class="lead"')}
      <div class="hero-actions">
        ${el(lang, 'a', 'public.hero.find', 'class="button" href="#find"')}
        ${el(lang, 'a', 'public.nav.branches', 'class="button button-secondary" href="/branches/"')}
        ${el(lang, 'a', 'public.nav.cases', 'class="button button-secondary" href="/cases/"')}
      </div>
    </div>
  </section>
  <section id="services" class="section" aria-labelledby="services-title">
    <div class="wrap">
      ${el(lang, 'h2', 'public.services.title', 'id="services-title"')}
      ${el(lang, 'p', 'public.services.lead', 'class="section-lead"')}
      <ul class="cards">${services.map((service) => serviceCard(lang, service)).join('')}</ul>
    </div>
  </section>
  <section id="find" class="section section-alt" aria-labelledby="find-title">
    <div class="wrap">
      ${el(lang, 'h2', 'find.title', 'id="find-title"')}
      ${el(lang, 'p', 'find.lead', 'class="section-lead"')}
      <div class="finder" id="finder">
        <nav class="crumbs" ${label(lang, 'find.breadcrumb')}><ol id="finder-crumbs"></ol></nav>
        <div id="finder-current" class="current-card" hidden></div>
        <div class="finder-status-row"><span class="spinner" id="finder-spinner" aria-hidden="true" hidden></span><p id="finder-status" class="finder-status" role="status"></p></div>
        <div id="finder-error" class="error-box" role="alert" hidden></div>
        <h3 id="finder-list-title" class="finder-list-title" tabindex="-1" hidden></h3>
        <ul id="finder-list" class="division-list" aria-labelledby="finder-list-title"></ul>
        <noscript><p class="error-box">浏览区划需要启用 JavaScript。/ Browsing divisions needs JavaScript.</p></noscript>
      </div>
    </div>
  </section>`,
    footerExtra: `<p class="health"><span class="health-dot" id="health-dot" aria-hidden="true"></span>${el(lang, 'span', 'status.label')}<span id="health-text">${t(lang, 'status.checking')}</span></p> <p>${el(lang, 'a', 'public.nav.portal', 'href="/portal/"')}</p>`,
  });
}
