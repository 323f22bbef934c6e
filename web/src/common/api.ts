/**
 * A small client for Boai's same-origin HTTP API, shared by the public pages and the portal.
 * Deliberately plain `fetch` with no validation library: the public bundle has to stay tiny for
 * cheap phones on slow networks, and the API is ours (its shapes are the contract below).
 */
import { langTag, t, type Lang } from './i18n.js';

/** Administrative division levels (12-digit statistical codes: 2+2+2+3+3 digits). */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** A division as the API names it. */
export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
}

/** A child in `GET /api/divisions`. */
export interface DivisionChild extends Division {
  hasChildren: boolean;
}

/** `GET /api/divisions?parent=CODE`. */
export interface DivisionsResponse {
  parent: Division;
  children: DivisionChild[];
}

/** `GET /api/health`. */
export interface HealthResponse {
  status: string;
  time: string;
  table?: string;
}

/** The API's error envelope (every non-2xx response). */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    messages?: { zh: string; en: string };
    requestId?: string;
    /** 400 VALIDATION_FAILED: which fields failed. */
    issues?: unknown;
    /** 422 IMPORT_REJECTED: every problem row of a CSV import. */
    rows?: unknown;
  };
}

/**
 * A failed API call. `messages` keeps both languages so a message already on screen can follow a
 * later language switch; `status` 0 means the request never got an HTTP answer (offline, timeout).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messages?: { zh: string; en: string },
    readonly requestId?: string,
    /** The whole `error` object of the envelope, for route-specific details (`issues`, `rows`). */
    readonly details?: ErrorEnvelope['error'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message in `lang` when the server sent both, else the one it sent. */
  localized(lang: Lang): string {
    return this.messages?.[lang] ?? this.message;
  }
}

/** Code used for failures that never got an HTTP answer (network down, timeout). */
export const networkErrorCode = 'NETWORK_ERROR';
/** Code used for HTTP errors without Boai's error envelope (gateway, proxy or CDN answers). */
export const httpErrorCode = 'HTTP_ERROR';

export interface RequestOptions {
  lang: Lang;
  /** Cognito (or local stand-in) ID token, sent as a Bearer token. */
  token?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Readonly<Record<string, string>>;
  /** JSON-serialisable request body. */
  body?: unknown;
  signal?: AbortSignal;
  /** Milliseconds before giving up; slow mobile networks need generous but finite waits. */
  timeoutMs?: number;
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

function combineSignals(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal | undefined {
  // AbortSignal.timeout/any are recent; older in-app browsers simply get no timeout.
  const timeout = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs) : undefined;
  if (!signal) return timeout;
  if (!timeout) return signal;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([signal, timeout]) : signal;
}

/**
 * Calls the API and returns the parsed JSON body. Throws {@link ApiError} for error responses
 * (with the server's localized message) and for network failures (status 0, {@link networkErrorCode});
 * rethrows an `AbortError` untouched when the caller's own signal aborted, so callers can ignore it.
 */
export async function requestJson<T>(path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': langTag(options.lang) };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.headers) Object.assign(headers, options.headers);
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: combineSignals(options.signal, options.timeoutMs ?? 20_000),
      credentials: 'same-origin',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, networkErrorCode, String(error));
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    payload = undefined;
  }
  if (response.ok && payload !== undefined) return payload as T;
  if (isErrorEnvelope(payload)) {
    const { code, message, messages, requestId } = payload.error;
    throw new ApiError(response.status, code, message, messages, requestId, payload.error);
  }
  // A gateway answer such as `{"message":"Unauthorized"}`, a proxy error page or an empty body:
  // no message of ours to show, so callers fall back to a generic one (status 0 only if no HTTP).
  throw new ApiError(response.status, httpErrorCode, `HTTP ${response.status}`);
}

/** True for an abort caused by the caller's own signal (a superseded request), which is not an error to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * What to tell the user about a failed call: the server's own localized message when it sent one,
 * else our "could not reach the server" text, else a generic apology (never a stack trace).
 */
export function describeError(error: unknown, lang: Lang): string {
  if (error instanceof ApiError) {
    return error.code === networkErrorCode ? t(lang, 'common.networkError') : error.localized(lang);
  }
  return t(lang, 'common.unexpected');
}
