import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The process-wide structured logger. The service name comes from POWERTOOLS_SERVICE_NAME (set per
 * function by the house construct). Never pass events, bodies or personal data to it: log ids,
 * codes and counts only (DESIGN §4.9).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'boai' });
