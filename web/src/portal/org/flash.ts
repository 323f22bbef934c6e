/** A one-shot message carried across a hash navigation (e.g. "submitted" shown on the detail page). */
let pending: string | undefined;

export function setFlash(text: string): void {
  pending = text;
}

export function takeFlash(): string | undefined {
  const text = pending;
  pending = undefined;
  return text;
}
