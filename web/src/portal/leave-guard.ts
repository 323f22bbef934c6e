/**
 * "You have unsaved changes": a page with typed text that is not saved yet registers a question;
 * the hash router asks it before it follows a link elsewhere in the portal (and puts the old
 * address back when the officer stays), and the browser asks before the tab is closed or reloaded.
 * One page at a time owns the question (the portal shows one page).
 */
import { useEffect } from 'preact/hooks';

let question: string | undefined;
let passOnce = false;

/** While `active`, leaving the page asks `message` first. */
export function useLeaveGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return;
    question = message;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    addEventListener('beforeunload', beforeUnload);
    return () => {
      if (question === message) question = undefined;
      removeEventListener('beforeunload', beforeUnload);
    };
  }, [active, message]);
}

/** The page itself moves on after saving (a created draft opens its editor): do not ask this once. */
export function allowNextLeave(): void {
  if (question !== undefined) passOnce = true;
}

/** True when the router may leave the current page: nothing unsaved, or the officer confirmed. */
export function mayLeave(): boolean {
  if (passOnce) {
    passOnce = false;
    return true;
  }
  return question === undefined || confirm(question);
}
