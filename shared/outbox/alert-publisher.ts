import { alertTopics } from './alert-topics.js';
import type { OutboxMessage } from './outbox-message.js';

/**
 * Where the outbox relay sends a message: SNS in AWS, the local outbox on one machine
 * (`local/outbox-relay.ts` installs its own with {@link useAlertPublisher}). `outboxId` is the
 * message's ULID, sent along as the `outboxId` attribute so a subscriber can drop the rare
 * duplicate of at-least-once delivery. Answers the published message's id; throws when the
 * message was not accepted (the relay retries, unless {@link isRejection} says it never will be).
 */
export type AlertPublisher = (message: OutboxMessage, outboxId: string) => Promise<string>;

/**
 * SNS errors that say the message itself is wrong (too long, a bad attribute): retrying cannot
 * help, so the relay records the rejection instead of blocking the stream behind it.
 */
export function isRejection(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? '';
  return name === 'InvalidParameterException' || name === 'InvalidParameterValueException';
}

/**
 * SNS through the SDK, loaded on first use. The topic's ARN comes from the environment variable
 * {@link alertTopics} names for it.
 */
export function snsPublisher(): AlertPublisher {
  const client = import('@aws-sdk/client-sns').then((sns) => ({ sns, client: new sns.SNSClient({}) }));
  return async (message, outboxId) => {
    const variable = alertTopics[message.topic];
    const topicArn = process.env[variable];
    if (!topicArn) throw new Error(`${variable} is not set`);
    const { sns, client: snsClient } = await client;
    const answer = await snsClient.send(
      new sns.PublishCommand({
        TopicArn: topicArn,
        Subject: message.subject,
        Message: message.message,
        MessageAttributes: Object.fromEntries(
          Object.entries({ ...message.attributes, outboxId }).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
        ),
      }),
    );
    return answer.MessageId ?? '';
  };
}

let installed: AlertPublisher | undefined;
let cloud: AlertPublisher | undefined;

/** The publisher in use: the one installed by the local runtime, else SNS. */
export function alertPublisher(): AlertPublisher {
  if (installed) return installed;
  cloud ??= snsPublisher();
  return cloud;
}

/** Installs a publisher (the local relay does); `undefined` uninstalls it. */
export function useAlertPublisher(next: AlertPublisher | undefined): void {
  installed = next;
}
