/**
 * The portal's top level: language, configuration, session and the screen that follows from them.
 *
 *   starting ─▶ (config error) | signed out ─sign in─▶ loading me ─▶ ready (shell) | me error
 *                                   ▲                                     │
 *                                   └──────── sign-out, or any 401 ───────┘
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, requestJson } from '../common/api.js';
import { langTag, readStoredLang, storeLang, t, type Lang } from '../common/i18n.js';
import { clearSession, completeCognitoSignIn, loadAuthConfig, readSession, signOut, type AuthConfig, type Session } from './auth.js';
import { CardPage, Loading } from './components.js';
import { ApiContext, LangContext, type AuthedOptions, type AuthedRequest, type LangValue } from './context.js';
import { pt } from './messages.js';
import { normalizeMe, type Me, type MeResponse } from './me.js';
import { Shell } from './Shell.js';
import { SignIn, type SignInNotice } from './SignIn.js';

type Phase =
  | { kind: 'starting' }
  | { kind: 'configError'; error: unknown }
  | { kind: 'signedOut'; notice?: SignInNotice }
  | { kind: 'loadingMe' }
  | { kind: 'meError'; error: unknown }
  | { kind: 'ready'; me: Me; viaSignIn: boolean };

export function App() {
  const [lang, setLangState] = useState<Lang>(() => readStoredLang());
  const [config, setConfig] = useState<AuthConfig>();
  const [session, setSession] = useState<Session | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  // Requests read the language at call time, so switching language does not re-create callers
  // (and re-run every effect that depends on them).
  const langRef = useRef(lang);
  langRef.current = lang;

  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    setLangState(next);
  }, []);
  const langValue = useMemo<LangValue>(() => ({ lang, setLang, tr: (key, params) => pt(lang, key, params) }), [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = langTag(lang);
  }, [lang]);

  const expire = useCallback(() => {
    clearSession();
    setSession(undefined);
    setPhase({ kind: 'signedOut', notice: 'expired' });
  }, []);

  const loadMe = useCallback(
    async (current: Session, viaSignIn: boolean) => {
      setSession(current);
      setPhase({ kind: 'loadingMe' });
      try {
        const me = await requestJson<MeResponse>('/api/me', { lang: langRef.current, token: current.idToken });
        setPhase({ kind: 'ready', me: normalizeMe(me), viaSignIn });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) expire();
        else setPhase({ kind: 'meError', error });
      }
    },
    [expire],
  );

  useEffect(() => {
    void (async () => {
      let loaded: AuthConfig;
      try {
        loaded = await loadAuthConfig(langRef.current);
      } catch (error) {
        setPhase({ kind: 'configError', error });
        return;
      }
      setConfig(loaded);
      let current = readSession();
      if (loaded.mode === 'cognito') {
        try {
          current = (await completeCognitoSignIn(loaded)) ?? current;
        } catch {
          setPhase({ kind: 'signedOut', notice: 'codeFailed' });
          return;
        }
      }
      if (current) await loadMe(current, false);
      else setPhase({ kind: 'signedOut' });
    })();
  }, [loadMe]);

  const request = useCallback<AuthedRequest>(
    async <T,>(path: string, options?: AbortSignal | AuthedOptions): Promise<T> => {
      const opts: AuthedOptions = options instanceof AbortSignal ? { signal: options } : (options ?? {});
      try {
        return await requestJson<T>(path, { ...opts, lang: langRef.current, token: session?.idToken });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) expire();
        throw error;
      }
    },
    [session, expire],
  );

  const handleSignOut = useCallback(() => {
    signOut(config);
    setSession(undefined);
    setPhase({ kind: 'signedOut', notice: 'signedOut' });
  }, [config]);

  useEffect(() => {
    if (phase.kind !== 'ready') document.title = `${t(lang, phase.kind === 'signedOut' ? 'signIn.title' : 'portal.title')} · ${t(lang, 'app.name')}`;
  }, [phase.kind, lang]);

  return (
    <LangContext.Provider value={langValue}>
      <ApiContext.Provider value={request}>{renderPhase()}</ApiContext.Provider>
    </LangContext.Provider>
  );

  function renderPhase() {
    switch (phase.kind) {
      case 'starting':
        return <Loading text={t(lang, 'common.loading')} />;
      case 'loadingMe':
        return <Loading text={t(lang, 'portal.loadingAccount')} />;
      case 'configError':
      case 'meError':
        return (
          <CardPage>
            <div class="signin-card">
              <h1 id="page-title">{t(lang, 'portal.title')}</h1>
              <div class="error-box" role="alert">
                <p>{t(lang, phase.kind === 'configError' ? 'portal.configError' : 'portal.meError', { message: describeError(phase.error, lang) })}</p>
                <button type="button" class="button button-small" onClick={() => location.reload()}>
                  {t(lang, 'common.retry')}
                </button>
              </div>
            </div>
          </CardPage>
        );
      case 'signedOut':
        return config ? <SignIn config={config} notice={phase.notice} onSignedIn={(next) => void loadMe(next, true)} /> : null;
      case 'ready':
        return <Shell me={phase.me} onSignOut={handleSignOut} focusOnMount={phase.viaSignIn} />;
    }
  }
}
