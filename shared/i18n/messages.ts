/**
 * Error messages by stable error code, in Chinese and English. Clients key on `code`; people read
 * `message`. Placeholders like `{max}` are filled from the error's params.
 */
export const errorMessages = {
  VALIDATION_FAILED: { zh: '请求内容不符合要求，请检查标出的字段。', en: 'The request is not valid; check the listed fields.' },
  MALFORMED_JSON: { zh: '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '请以 application/json 格式提交。', en: 'Send the body as application/json.' },
  BODY_NOT_ALLOWED: { zh: '此接口不接受请求体。', en: 'This endpoint takes no request body.' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大（上限 {max} 字节）。', en: 'The request body is too large (limit {max} bytes).' },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in first.' },
  FORBIDDEN: { zh: '您无权执行此操作。', en: 'You are not allowed to do this.' },
  OUT_OF_SCOPE: { zh: '该行政区划不在您的管辖范围内。', en: 'This division is outside your area.' },
  NOT_FOUND: { zh: '未找到所请求的资源。', en: 'The requested resource was not found.' },
  ROUTE_NOT_FOUND: { zh: '没有这个接口。', en: 'There is no such endpoint.' },
  DIVISION_NOT_FOUND: { zh: '行政区划代码 {code} 不存在。', en: 'Division code {code} does not exist.' },
  ACCOUNT_INCOMPLETE: { zh: '账号缺少角色或管辖区划，请联系管理员。', en: 'Your account has no role or division; contact an administrator.' },
  SIGN_IN_FAILED: { zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  SERVICE_BUSY: { zh: '系统繁忙，请稍后重试。', en: 'The service is busy; please try again shortly.' },
  INTERNAL: { zh: '系统内部错误，请稍后重试或联系管理员（请求编号 {requestId}）。', en: 'Internal error; try again or contact support (request id {requestId}).' },
} as const satisfies Record<string, { zh: string; en: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof errorMessages;

/** Languages Boai speaks; zh (zh-CN) is the default. */
export type Language = 'zh' | 'en';

/** Fills `{name}` placeholders from params; unknown placeholders stay visible rather than vanish. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The localized pair for an error code with params filled in. */
export function messagesFor(code: ErrorCode, params: Record<string, string | number> = {}): { zh: string; en: string } {
  const entry = errorMessages[code];
  return { zh: formatMessage(entry.zh, params), en: formatMessage(entry.en, params) };
}

/**
 * Picks the response language from an Accept-Language header: English only when the client puts
 * an `en` tag before any `zh` tag; Chinese otherwise, because zh-CN is the product default.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .find((tag) => tag.startsWith('en') || tag.startsWith('zh'));
  return first?.startsWith('en') ? 'en' : 'zh';
}
