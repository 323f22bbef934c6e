/**
 * What every public page shares: the header (emblem, name, language toggle, navigation) rendered
 * at build time, and in the browser the re-translation of pre-rendered text, the toggle's wiring
 * and a tiny element helper. Plain DOM, no framework: public pages stay small.
 */
import { documentHead, emblemSvg, i18nElement as el, i18nLabel as label, type PageAssets } from './html.js';
import { isLang, isMessageKey, langTag, storeLang, t, type Lang, type MessageKey } from './i18n.js';

/** One navigation link of the public header. */
export interface NavLink {
  readonly key: MessageKey;
  readonly href: string;
  readonly current?: boolean;
  readonly className?: string;
}

/** The public header with `links` in its navigation (build time). */
export function publicHeader(lang: Lang, links: readonly NavLink[]): string {
  const nav = links
    .map((link) => el(lang, 'a', link.key, `href="${link.href}"${link.current ? ' aria-current="page"' : ''}${link.className ? ` class="${link.className}"` : ''}`))
    .join('\n    ');
  return `<header class="site-header">
  <div class="wrap bar">
    <a class="brand" href="/">${emblemSvg('emblem')}<span class="brand-text">${el(lang, 'span', 'app.name', 'class="brand-name"')}${el(lang, 'span', 'app.org', 'class="brand-org"')}</span></a>
    <div class="lang-toggle" role="group" ${label(lang, 'lang.label')}>
      <button type="button" data-lang="zh" lang="zh-CN" aria-pressed="${lang === 'zh'}">中文</button>
      <button type="button" data-lang="en" lang="en" aria-pressed="${lang === 'en'}">English</button>
    </div>
  </div>
  <nav class="wrap site-nav" ${label(lang, 'public.nav.label')}>
    ${nav}
  </nav>
</header>`;
}

/** The public footer: who we are and the motto, plus an optional second column (build time). */
export function publicFooter(lang: Lang, extraColumn = ''): string {
  return `<footer class="site-footer">
  <div class="wrap footer-grid">
    <div>
      ${el(lang, 'p', 'footer.about', 'class="footer-about"')}
      ${el(lang, 'p', 'footer.motto', 'class="footer-motto"')}
    </div>${extraColumn ? `\n    <div>\n      ${extraColumn}\n    </div>` : ''}
  </div>
</footer>`;
}

/** One public page at build time: its title and description, header links, `<main>` content and footer column. */
export interface PublicDocument {
  readonly title: MessageKey;
  readonly description: MessageKey;
  readonly nav: readonly NavLink[];
  /** The inside of `<main>`. */
  readonly main: string;
  /** The footer's optional second column. */
  readonly footerExtra?: string;
}

/** A whole public page (build time): head, skip link, header, `<main>` and footer. */
export function publicDocument(lang: Lang, assets: PageAssets, page: PublicDocument): string {
  return `${documentHead(lang, t(lang, page.title), assets, t(lang, page.description))}
<body>
${el(lang, 'a', 'app.skip', 'class="skip-link" href="#main"')}
${publicHeader(lang, page.nav)}
<main id="main" tabindex="-1">
${page.main}
</main>
${publicFooter(lang, page.footerExtra)}
</body>
</html>
`;
}

/** Re-translates the pre-rendered text (`data-i18n`, `data-i18n-label`), the title and the toggle. */
export function translateStatic(lang: Lang, titleKey: MessageKey): void {
  document.documentElement.lang = langTag(lang);
  document.title = t(lang, titleKey);
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n;
    if (isMessageKey(key)) element.textContent = t(lang, key);
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = element.dataset.i18nLabel;
    if (isMessageKey(key)) element.setAttribute('aria-label', t(lang, key));
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
}

/** Wires the 中文 / English buttons: the choice is remembered and handed to `apply`. */
export function setupLangToggle(current: () => Lang, apply: (lang: Lang) => void): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-lang]')) {
    button.addEventListener('click', () => {
      const chosen = button.dataset.lang;
      if (!isLang(chosen) || chosen === current()) return;
      storeLang(chosen);
      apply(chosen);
    });
  }
}

/** `document.createElement` with an optional class and text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
