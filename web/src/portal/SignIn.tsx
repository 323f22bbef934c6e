/** The sign-in screen: a username/password form locally, a "continue" button for the Cognito hosted UI. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { roleNames } from '../../../shared/auth/roles.js';
import { describeError } from '../common/api.js';
import type { MessageKey } from '../common/i18n.js';
import { beginCognitoSignIn, signInLocal, type AuthConfig, type Session } from './auth.js';
import { CardPage } from './components.js';
import { useLang } from './context.js';

/** Why the visitor is (back) on this screen. */
export type SignInNotice = 'expired' | 'signedOut' | 'codeFailed';

const noticeKeys: Record<SignInNotice, MessageKey> = {
  expired: 'signIn.expired',
  signedOut: 'signIn.signedOut',
  codeFailed: 'signIn.codeFailed',
};

interface SignInProps {
  config: AuthConfig;
  notice?: SignInNotice;
  onSignedIn: (session: Session) => void;
}

export function SignIn({ config, notice, onSignedIn }: SignInProps) {
  const { lang, tr } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  /** Either a missing-field problem (ours) or a failure from the server (its localized message). */
  const [problem, setProblem] = useState<{ kind: 'required' } | { kind: 'failed'; error: unknown }>();
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (config.mode === 'local') usernameRef.current?.focus();
  }, [config.mode]);

  async function submit(event: TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (busy) return;
    if (config.mode === 'cognito') {
      setBusy(true);
      try {
        await beginCognitoSignIn(config);
      } catch (error) {
        setBusy(false);
        setProblem({ kind: 'failed', error });
      }
      return;
    }
    if (!username.trim() || !password) {
      setProblem({ kind: 'required' });
      (username.trim() ? passwordRef : usernameRef).current?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await signInLocal(username.trim(), password, lang);
      onSignedIn(session);
    } catch (error) {
      setBusy(false);
      setProblem({ kind: 'failed', error });
      setPassword('');
      // Focus the message so screen readers read it and keyboard users are next to the form.
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  }

  const errorText = problem ? (problem.kind === 'required' ? tr('signIn.required') : describeError(problem.error, lang)) : undefined;
  const invalid = problem !== undefined && config.mode === 'local';

  return (
    <CardPage>
      <form class="signin-card" onSubmit={submit} noValidate aria-busy={busy}>
        <h1 id="page-title">{tr('signIn.title')}</h1>
        {notice && !problem && (
          <p class="notice" role="status">
            {tr(noticeKeys[notice])}
          </p>
        )}
        {errorText && (
          <div class="error-box" id="signin-error" role="alert" tabIndex={-1} ref={errorRef}>
            <p>{errorText}</p>
          </div>
        )}
        {config.mode === 'local' ? (
          <>
            <div class="field">
              <label for="username">{tr('signIn.username')}</label>
              <input
                id="username"
                name="username"
                ref={usernameRef}
                autocomplete="username"
                autocapitalize="none"
                spellcheck={false}
                required
                value={username}
                aria-invalid={invalid && !username.trim()}
                aria-describedby={errorText ? 'signin-error' : undefined}
                onInput={(event) => setUsername(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="password">{tr('signIn.password')}</label>
              <input
                id="password"
                name="password"
                type="password"
                ref={passwordRef}
                autocomplete="current-password"
                required
                value={password}
                aria-invalid={invalid && (problem?.kind === 'failed' || !password)}
                aria-describedby={errorText ? 'signin-error' : undefined}
                onInput={(event) => setPassword(event.currentTarget.value)}
              />
            </div>
            <button class="button signin-submit" type="submit" disabled={busy}>
              {busy && <span class="spinner spinner-on-red" aria-hidden="true" />}
              {busy ? tr('signIn.busy') : tr('signIn.submit')}
            </button>
          </>
        ) : (
          <>
            <p>{tr('signIn.cognitoLead')}</p>
            <button class="button signin-submit" type="submit" disabled={busy}>
              {busy && <span class="spinner spinner-on-red" aria-hidden="true" />}
              {busy ? tr('signIn.redirecting') : tr('signIn.cognitoSubmit')}
            </button>
          </>
        )}
        <p class="signin-back">
          <a href="/">{tr('signIn.backHome')}</a>
        </p>
      </form>
      {config.mode === 'local' && config.demoAccounts.length > 0 && (
        <section class="demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{tr('signIn.demoTitle')}</h2>
          {config.demoPassword && (
            <p>
              {tr('signIn.demoNote')} <code class="demo-password">{config.demoPassword}</code>
            </p>
          )}
          <ul>
            {config.demoAccounts.map((account) => (
              <li key={account.username}>
                <code>{account.username}</code>
                <span class="demo-role">{roleNames[account.role][lang]}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </CardPage>
  );
}
