/** The signed-in frame: header (who, where, language, sign-out), role-based navigation, the page. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PortalSection } from '../../../shared/auth/navigation.js';
import { roleNames } from '../../../shared/auth/roles.js';
import { Brand, LangToggle } from './components.js';
import { mayLeave } from './leave-guard.js';
import { useLang } from './context.js';
import { isPortalSection, type Me } from './me.js';
import { ComingSoon, NotAllowed, Overview, sectionKeys } from './pages.js';
import { OrgSection } from './org/OrgSection.js';
import { AuditPage } from './org/Audit.js';
import { PilotSection } from './pilot/PilotSection.js';

/** The route in `#/section/sub/path` form; other hashes (in-page anchors) are not routes. */
function routeFromHash(hash: string): string | undefined {
  const match = /^#\/([\w-]*(?:\/[\w-]*)*)/.exec(hash);
  return match ? match[1] || 'overview' : undefined;
}

/** Hash routing: works from any static host (no server rewrites needed) and survives a reload. */
function useHashRoute(): { route: string; rest: string[]; full: string } {
  const [full, setFull] = useState(() => routeFromHash(location.hash) ?? 'overview');
  useEffect(() => {
    const onChange = (event: HashChangeEvent) => {
      const next = routeFromHash(location.hash);
      if (next === undefined) return;
      // Unsaved text on the page and the officer chose to stay: put the old address back (no
      // new hashchange) and keep the page as it is.
      if (!mayLeave()) {
        history.replaceState(null, '', new URL(event.oldURL).hash || '#/overview');
        return;
      }
      setFull(next);
    };
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  const [route = 'overview', ...rest] = full.split('/');
  return { route: route || 'overview', rest: rest.filter(Boolean), full };
}

interface ShellProps {
  me: Me;
  onSignOut: () => void;
  /** Move focus to the page heading on first render (true right after signing in). */
  focusOnMount: boolean;
}

export function Shell({ me, onSignOut, focusOnMount }: ShellProps) {
  const { lang, tr } = useLang();
  const { route, rest, full } = useHashRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // An unknown route (typo, removed section) quietly becomes the overview.
  const known = isPortalSection(route);
  const section: PortalSection = known ? route : 'overview';
  const allowed = me.navigation.includes(section);
  useEffect(() => {
    if (!known) history.replaceState(null, '', '#/overview');
  }, [known]);

  useEffect(() => {
    const label = allowed ? tr(sectionKeys[section]) : tr('notAllowed.title');
    document.title = `${label} · ${tr('app.name')} ${tr('portal.title')}`;
  }, [section, allowed, lang]);

  // After navigating, put focus on the new page's heading so screen readers announce the page and
  // keyboard users continue from the top of the content rather than from the clicked link.
  useEffect(() => {
    const isFirst = firstRender.current;
    firstRender.current = false;
    if (isFirst && !focusOnMount) return;
    document.getElementById('page-title')?.focus();
  }, [full]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        menuButtonRef.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const roleText = me.roles.map((role) => roleNames[role][lang]).join('、');

  return (
    <div class="shell">
      <a
        class="skip-link"
        href="#portal-main"
        onClick={(event) => {
          // Not a real hash change: that would be taken for a route.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {tr('app.skip')}
      </a>
      <header class="portal-header">
        <div class="header-main">
          <Brand href="#/overview" />
          <LangToggle />
        </div>
        <div class="header-user">
          <button
            ref={menuButtonRef}
            type="button"
            class="menu-button"
            aria-expanded={menuOpen}
            aria-controls="portal-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              {menuOpen ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
            </svg>
            {tr('shell.menu')}
          </button>
          <dl class="user-summary">
            <div>
              <dt class="visually-hidden">{tr('shell.account')}</dt>
              <dd class="user-name">{me.name}</dd>
            </div>
            <div>
              <dt class="visually-hidden">{tr('shell.roles')}</dt>
              <dd>{roleText}</dd>
            </div>
            <div>
              <dt class="visually-hidden">{tr('shell.division')}</dt>
              <dd class="user-division">{me.division.name}</dd>
            </div>
          </dl>
          <button type="button" class="button button-secondary button-small signout" onClick={() => mayLeave() && onSignOut()}>
            {tr('shell.signOut')}
          </button>
        </div>
      </header>
      <div class="portal-body">
        <nav id="portal-nav" class={menuOpen ? 'portal-nav is-open' : 'portal-nav'} aria-label={tr('shell.nav')}>
          <ul>
            {me.navigation.map((key) => (
              <li key={key}>
                <a href={`#/${key}`} aria-current={key === section ? 'page' : undefined} onClick={() => setMenuOpen(false)}>
                  {tr(sectionKeys[key])}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="portal-main" class="portal-main" tabIndex={-1} ref={mainRef}>
          {!allowed ? (
            <NotAllowed />
          ) : section === 'overview' ? (
            <Overview me={me} />
          ) : section === 'branches' ? (
            <OrgSection me={me} rest={rest} />
          ) : section === 'audit' ? (
            <AuditPage me={me} />
          ) : section === 'pilot' ? (
            <PilotSection me={me} rest={rest} />
          ) : (
            <ComingSoon section={section} />
          )}
        </main>
      </div>
    </div>
  );
}
