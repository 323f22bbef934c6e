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
  CONCURRENT_UPDATE: { zh: '其他人正在同时修改相关记录，请稍后重试。', en: 'Someone else is changing related records right now; try again shortly.' },
  INVALID_CURSOR: { zh: '分页参数无效，请从第一页重新加载。', en: 'The page cursor is not valid; reload from the first page.' },
  IDEMPOTENCY_KEY_REUSED: { zh: '同一个提交编号已用于不同的内容，请刷新后重新提交。', en: 'This Idempotency-Key was already used for a different request; reload and submit again.' },
  VERSION_CONFLICT: { zh: '该记录已被他人修改（当前版本 {current}），请刷新后再操作。', en: 'Someone else changed this record (now version {current}); reload and try again.' },
  BRANCH_NOT_FOUND: { zh: '未找到该基层组织。', en: 'Branch not found.' },
  BRANCH_SEAT_TAKEN: { zh: '该行政区划已有乡镇（街道）或村（社区）红十字会，不能重复登记。', en: 'This division already has a township or village branch.' },
  BRANCH_DUPLICATE: { zh: '该行政区划已有同名的红十字会基层组织（待审批或已成立）。', en: 'A branch of this name already exists (proposed or active) in this division.' },
  BRANCH_LEVEL_MISMATCH: { zh: '组织类型与所选行政区划的层级不符（{type} 应设在{level}级）。', en: 'The branch type does not fit the division level ({type} belongs at {level} level).' },
  BRANCH_STATE_INVALID: { zh: '该基层组织当前状态为“{status}”，不能执行此操作。', en: 'The branch is {status}; this action is not possible now.' },
  CONTACTS_UNREADABLE: { zh: '原存的领导成员电话无法读取，请重新填写各位领导成员的电话后保存。', en: "The stored leaders' phones cannot be read; enter their phones again and save." },
  BRANCH_FIELD_FIXED: { zh: '基层组织登记后不能修改组织类型和所在行政区划；如需更改，请驳回或撤销后重新登记。', en: 'A branch keeps its type and division once registered; reject or dissolve it and register it again instead.' },
  STANDARD_UNKNOWN: { zh: '“五有”标准中没有编号为 {itemId} 的项目。', en: 'The standards checklist has no item {itemId}.' },
  COMMISSIONER_NOT_FOUND: { zh: '未找到该红十字会专员。', en: 'Commissioner not found.' },
  COMMISSIONER_SEAT_TAKEN: { zh: '该行政区划已有在任的红十字会专员。', en: 'This division already has a serving commissioner.' },
  COMMISSIONER_LEVEL_INVALID: { zh: '红十字会专员只能派驻乡镇（街道）或村（社区）。', en: 'Commissioners are appointed for townships or villages only.' },
  COMMISSIONER_STATE_INVALID: { zh: '该专员已离任，不能执行此操作。', en: 'This commissioner has left office; the action is not possible.' },
  BRANCH_EXISTS: { zh: '该行政区划已成立红十字会基层组织，无需派驻专员。', en: 'This division already has an active branch; no commissioner is needed.' },
  IMPORT_REJECTED: { zh: '导入文件有 {count} 处问题，未导入任何数据。请按行修改后重新导入。', en: 'The file has {count} problem(s); nothing was imported. Fix the listed rows and import again.' },
  IMPORT_INCOMPLETE: { zh: '导入中途中断（系统繁忙或文件过大）：{rows} 行中已导入 {imported} 行（见 importedRows），其余未导入。请删去已导入的行，稍后导入其余各行。', en: 'The import stopped part-way (the service was busy or the file too large): {imported} of {rows} rows were imported (see importedRows); remove those rows and import the rest later.' },
  IMPORT_EMPTY: { zh: '导入文件没有数据行。', en: 'The file has no data rows.' },
  IMPORT_TOO_LARGE: { zh: '一次最多导入 {max} 行。', en: 'At most {max} rows per import.' },
  MEMBER_NOT_FOUND: { zh: '未找到该会员。', en: 'Member not found.' },
  MEMBER_EXISTS: { zh: '该手机号已是本组织会员。', en: 'A member with this phone already belongs to this branch.' },
  MEMBER_STATE_INVALID: { zh: '该会员已退会，不能执行此操作。', en: 'This member has left; the action is not possible.' },
  DIVISION_LEVEL_INVALID: { zh: '此处需要{expected}级行政区划。', en: 'A {expected}-level division is needed here.' },
  PILOT_NOT_FOUND: { zh: '该县尚未开展试点。', en: 'This county has no pilot.' },
  PILOT_EXISTS: { zh: '该县已有试点，每个县只能有一个试点。', en: 'This county already has a pilot; there is one per county.' },
  PILOT_STATE_INVALID: { zh: '试点当前为“{status}”，不能执行此操作。', en: 'The pilot is {status}; this action is not possible now.' },
  PILOT_PLAN_INVALID: { zh: '实施方案有误：{reason}。', en: 'The implementation plan is not valid: {reason}.' },
  DECISION_NOT_PENDING: { zh: '“{step}”环节当前不在等待决定（可能已由他人先作出决定），请刷新后查看。', en: 'The {step} step is not awaiting a decision (someone may have decided first); reload to see it.' },
  OUTCOME_INVALID: { zh: '“{step}”环节不能作出“{outcome}”的决定。', en: 'The {step} step cannot be decided with "{outcome}".' },
  COMMENTS_REQUIRED: { zh: '请填写意见或说明。', en: 'Comments are required for this decision.' },
  PILOT_TARGETS_UNMET: { zh: '尚有 {count} 项指标未达到方案目标，暂不能申报部署完成。', en: 'Targets of the plan not met yet: {count}. Deployment cannot be declared complete.' },
  PILOT_NO_CASES: { zh: '尚未发布典型案例，暂不能申报宣传推广完成。', en: 'No typical case has been published yet; publicity cannot be declared complete.' },
  WORKFLOW_UNAVAILABLE: { zh: '试点工作流暂时无法启动，请稍后重试。', en: 'The pilot workflow cannot be started right now; try again shortly.' },
  CASE_NOT_FOUND: { zh: '未找到该典型案例。', en: 'Typical case not found.' },
  CASE_PHOTO_NOT_FOUND: { zh: '该典型案例没有这张照片。', en: 'This typical case has no such photo.' },
  CASE_STATE_INVALID: { zh: '该典型案例当前状态为“{status}”，不能执行此操作。', en: 'The typical case is {status}; this action is not possible now.' },
  CASE_INCOMPLETE: { zh: '典型案例还缺少以下内容，暂不能发布：{missing}。', en: 'The typical case cannot be published yet; it still needs: {missing}.' },
  CASE_COUNTY_FIXED: { zh: '典型案例不能改到其他县（市、区）；请在该县重新撰写。', en: 'A typical case cannot move to another county; write it again there instead.' },
  CASE_PHOTOS_MISMATCH: { zh: '照片顺序须列出本案例现有的每张照片，且每张只列一次；请刷新后再试。', en: 'The photo order must list every current photo of the case exactly once; reload and try again.' },
  CASE_PHOTO_LIMIT: { zh: '每个典型案例最多 {max} 张照片。', en: 'A typical case has at most {max} photos.' },
  CASE_PHOTO_REQUIRED: { zh: '已发布的典型案例至少要保留一张照片；如需删除，请先撤回。', en: 'A published typical case keeps at least one photo; withdraw it first to remove this one.' },
  PHOTO_TYPE_UNSUPPORTED: { zh: '不支持该图片格式，请上传 JPEG、PNG 或 WebP 图片。', en: 'This image type is not supported; upload a JPEG, PNG or WebP image.' },
  PHOTO_CONTENT_MISMATCH: { zh: '图片内容与所声明的格式（{declared}）不符，请重新选择图片。', en: 'The image content does not match its declared type ({declared}); choose the image again.' },
  PHOTO_TOO_LARGE: { zh: '图片过大（上限 {max} 字节），请压缩后再上传。', en: 'The image is too large (limit {max} bytes); make it smaller and upload again.' },
  MEDIA_UNAVAILABLE: { zh: '图片存储暂时不可用，未保存任何内容，请稍后重试。', en: 'Photo storage is unavailable right now; nothing was saved. Try again shortly.' },
  NOT_IMPLEMENTED: { zh: '此功能尚未实现：{reason}', en: 'Not implemented yet: {reason}' },
  INTERNAL: { zh: '系统内部错误，请稍后重试或联系管理员（请求编号 {requestId}）。', en: 'Internal error; try again or contact support (request id {requestId}).' },
} as const satisfies Record<string, { zh: string; en: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof errorMessages;

/** Languages Boai speaks; zh (zh-CN) is the default. */
export type Language = 'zh' | 'en';

/** A text in both languages, for a placeholder whose value is itself words (a step's name). */
export interface Localized {
  readonly zh: string;
  readonly en: string;
}

/** A placeholder value: the same in both languages (a number, a code), or {@link Localized}. */
export type MessageParam = string | number | Localized;

/**
 * Fills `{name}` placeholders from params (a {@link Localized} value in `language`); unknown
 * placeholders stay visible rather than vanish.
 */
export function formatMessage(template: string, params: Readonly<Record<string, MessageParam>> = {}, language: Language = 'zh'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    return typeof value === 'object' ? value[language] : String(value);
  });
}

/** The localized pair for an error code with params filled in. */
export function messagesFor(code: ErrorCode, params: Readonly<Record<string, MessageParam>> = {}): { zh: string; en: string } {
  const entry = errorMessages[code];
  return { zh: formatMessage(entry.zh, params, 'zh'), en: formatMessage(entry.en, params, 'en') };
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
