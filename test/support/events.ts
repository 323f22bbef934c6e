import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A deep copy of a fixture under events/, so tests can modify it freely. */
export function fixture<T = APIGatewayProxyEventV2>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), 'utf8')) as T;
}

/** A minimal Lambda context for direct handler invocations. */
export function testContext(requestId = 'test-request'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:test',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: 'test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The parsed JSON body of a handler response. */
export function bodyOf<T = Record<string, unknown>>(response: unknown): T {
  return JSON.parse((response as { body: string }).body) as T;
}
