/**
 * Build-time HTML helpers (run by web/build.ts in Node, never shipped to browsers). Pages are
 * rendered in Chinese at build time so the first paint on a slow phone needs no JavaScript; the
 * `data-i18n` markers let the page script swap in English when the visitor chose it.
 */
import { langTag, t, type Lang, type MessageKey } from './i18n.js';

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** `<tag attrs data-i18n="key">text</tag>` in `lang`, so the client can re-translate it in place. */
export function i18nElement(lang: Lang, tag: string, key: MessageKey, attrs = ''): string {
  const space = attrs ? ` ${attrs}` : '';
  return `<${tag}${space} data-i18n="${key}">${escapeHtml(t(lang, key))}</${tag}>`;
}

/** `aria-label="…" data-i18n-label="key"`: a translatable accessible name. */
export function i18nLabel(lang: Lang, key: MessageKey): string {
  return `aria-label="${escapeHtml(t(lang, key))}" data-i18n-label="${key}"`;
}

/** The hashed asset URLs a page links to. */
export interface PageAssets {
  script: string;
  stylesheet?: string;
}

/** The shared document head: charset, mobile viewport, theme colour, icon and the page's assets. */
export function documentHead(lang: Lang, title: string, assets: PageAssets, description: string): string {
  return [
    '<!doctype html>',
    `<html lang="${langTag(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    // No maximum-scale: visitors must be able to zoom (WCAG 1.4.4).
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="theme-color" content="#C8102E">',
    `<meta name="description" content="${escapeHtml(description)}">`,
    // WeChat and other in-app browsers otherwise try to "transcode" pages or pick odd renderers.
    '<meta name="renderer" content="webkit">',
    '<meta name="format-detection" content="telephone=no">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
    assets.stylesheet ? `<link rel="stylesheet" href="${escapeHtml(assets.stylesheet)}">` : '',
    `<script type="module" src="${escapeHtml(assets.script)}"></script>`,
    '</head>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The Red Cross emblem as inline SVG (red cross on white), decorative: the text beside it names the site. */
export function emblemSvg(className: string): string {
  return `<svg class="${className}" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="6" fill="#fff"/><path fill="#C8102E" d="M12 4h8v8h8v8h-8v8h-8v-8H4v-8h8z"/></svg>`;
}
