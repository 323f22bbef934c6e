/** The portal's HTML shell, rendered at build time: a placeholder until the Preact app takes over. */
import { documentHead, i18nElement as el, type PageAssets } from '../common/html.js';
import { t, type Lang } from '../common/i18n.js';

export function renderPortalPage(lang: Lang, assets: PageAssets): string {
  return `${documentHead(lang, `${t(lang, 'portal.title')} · ${t(lang, 'app.name')}`, assets, t(lang, 'portal.title'))}
<body>
<div id="app">
  <div class="loading-screen" role="status"><span class="spinner" aria-hidden="true"></span>${el(lang, 'span', 'common.loading')}</div>
</div>
<noscript><p class="noscript">工作人员门户需要启用 JavaScript。/ The staff portal needs JavaScript.</p></noscript>
</body>
</html>
`;
}
