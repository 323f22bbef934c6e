/**
 * Portal-wide context: the chosen language (with its translator) and an authenticated API caller
 * that turns a 401 into "back to sign-in" in one place instead of in every page.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang, MessageParams } from '../common/i18n.js';
import { pt, type AnyKey } from './messages.js';

export interface LangValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Portal and shared strings, bound to the current language. */
  tr: (key: AnyKey, params?: MessageParams) => string;
}

export const LangContext = createContext<LangValue>({ lang: 'zh', setLang: () => undefined, tr: (key, params) => pt('zh', key, params) });

/** The current language and its translator. */
export function useLang(): LangValue {
  return useContext(LangContext);
}

/** Options of an authenticated call: a signal, or a write (method, JSON body, extra headers). */
export interface AuthedOptions {
  signal?: AbortSignal;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** Calls the API as the signed-in user (Bearer token, Accept-Language). A bare signal is accepted for reads. */
export type AuthedRequest = <T>(path: string, options?: AbortSignal | AuthedOptions) => Promise<T>;

export const ApiContext = createContext<AuthedRequest>(() => Promise.reject(new Error('no API context')));

export function useApi(): AuthedRequest {
  return useContext(ApiContext);
}
