/**
 * Portal-wide context: the chosen language (with its translator) and an authenticated API caller
 * that turns a 401 into "back to sign-in" in one place instead of in every page.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { t, type Lang, type MessageKey, type MessageParams } from '../common/i18n.js';

export interface LangValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** `t` bound to the current language. */
  tr: (key: MessageKey, params?: MessageParams) => string;
}

export const LangContext = createContext<LangValue>({ lang: 'zh', setLang: () => undefined, tr: (key, params) => t('zh', key, params) });

/** The current language and its translator. */
export function useLang(): LangValue {
  return useContext(LangContext);
}

/** Calls the API as the signed-in user (Bearer token, Accept-Language). */
export type AuthedRequest = <T>(path: string, signal?: AbortSignal) => Promise<T>;

export const ApiContext = createContext<AuthedRequest>(() => Promise.reject(new Error('no API context')));

export function useApi(): AuthedRequest {
  return useContext(ApiContext);
}
