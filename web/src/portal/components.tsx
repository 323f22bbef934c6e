/** Small presentational pieces shared by the portal's screens. */
import type { ComponentChildren } from 'preact';
import type { Lang } from '../common/i18n.js';
import { useLang } from './context.js';

/** The Red Cross emblem; decorative, the brand text beside it carries the name. */
export function Emblem({ size = 32 }: { size?: number }) {
  return (
    <svg class="emblem" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#fff" />
      <path fill="#C8102E" d="M12 4h8v8h8v8h-8v8h-8v-8H4v-8h8z" />
    </svg>
  );
}

/** "博爱 Boai": the app name is shown in both scripts whatever the language, as on the signage. */
export function Brand({ href }: { href: string }) {
  const { tr } = useLang();
  return (
    <a class="brand" href={href}>
      <Emblem />
      <span class="brand-name" lang="zh-CN">
        博爱
      </span>
      <span class="brand-latin" lang="en">
        Boai
      </span>
      <span class="brand-tag">{tr('portal.title')}</span>
    </a>
  );
}

const languages: ReadonlyArray<{ lang: Lang; label: string; tag: string }> = [
  { lang: 'zh', label: '中文', tag: 'zh-CN' },
  { lang: 'en', label: 'English', tag: 'en' },
];

/** 中文 / English switch; each label is in its own language so either reader can find it. */
export function LangToggle() {
  const { lang, setLang, tr } = useLang();
  return (
    <div class="lang-toggle" role="group" aria-label={tr('lang.label')}>
      {languages.map((option) => (
        <button key={option.lang} type="button" lang={option.tag} aria-pressed={lang === option.lang} onClick={() => setLang(option.lang)}>
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** A centred spinner with a live text, for whole-screen waits. */
export function Loading({ text }: { text: string }) {
  return (
    <div class="loading-screen" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}

/** The frame of the screens shown before the shell exists (sign-in, start-up errors). */
export function CardPage({ children }: { children: ComponentChildren }) {
  return (
    <div class="signin-page">
      <header class="signin-top">
        <Brand href="/portal/" />
        <LangToggle />
      </header>
      {/* Focusable so sign-in and errors can move focus here for screen readers. */}
      <main id="portal-main" class="signin-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
