/**
 * The outbox relay's SNS side, which has no local peer (locally the relay installs its own
 * publisher): what it sends to SNS, and that every refusal reaches the relay as an error, so the
 * stream hands the message over again instead of it being marked delivered.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertPublisher, alertPublisher, isRejection, snsPublisher, useAlertPublisher } from '../../shared/outbox/alert-publisher.js';
import type { OutboxMessage } from '../../shared/outbox/outbox-message.js';

expect.extend(allCustomMatcher);

const sns = mockClient(SNSClient);
const topicArn = 'arn:aws-cn:sns:cn-north-1:123456789012:WorkflowEscalations';
const message: OutboxMessage = {
  topic: 'workflowEscalations',
  subject: 'Pilot step overdue: 421123000000 deployment',
  message: '试点部署已逾期 The pilot deployment is overdue',
  attributes: { county: '421123000000', city: '421100000000', step: 'deployment' },
};

const outboxId = '01JF4S9A0B1C2D3E4F5G6H7J8K';

beforeEach(() => {
  sns.reset();
  process.env.WORKFLOW_ESCALATIONS_TOPIC_ARN = topicArn;
  useAlertPublisher(undefined);
});
afterEach(() => {
  delete process.env.WORKFLOW_ESCALATIONS_TOPIC_ARN;
});

describe('the SNS publisher', () => {
  it("publishes to the topic's ARN from the environment with subject, text and string attributes, and answers SNS's message id", async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
    await expect(snsPublisher()(message, outboxId)).resolves.toBe('sns-message-1');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TopicArn: topicArn,
      Subject: message.subject,
      Message: message.message,
      MessageAttributes: {
        county: { DataType: 'String', StringValue: '421123000000' },
        city: { DataType: 'String', StringValue: '421100000000' },
        step: { DataType: 'String', StringValue: 'deployment' },
        // Lets a subscriber drop the rare duplicate of at-least-once delivery.
        outboxId: { DataType: 'String', StringValue: outboxId },
      },
    });
  });

  it('refuses to publish without the topic ARN, naming the variable', async () => {
    delete process.env.WORKFLOW_ESCALATIONS_TOPIC_ARN;
    await expect(snsPublisher()(message, outboxId)).rejects.toThrow('WORKFLOW_ESCALATIONS_TOPIC_ARN');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('passes an SNS error on, so the relay reports the record and it is handed over again', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Internal failure'), { name: 'InternalErrorException' }));
    await expect(snsPublisher()(message, outboxId)).rejects.toMatchObject({ name: 'InternalErrorException' });
    expect(isRejection(Object.assign(new Error('x'), { name: 'InternalErrorException' }))).toBe(false);
  });

  it('tells a malformed message (never accepted, not retried) from an outage', () => {
    expect(isRejection(Object.assign(new Error('Subject too long'), { name: 'InvalidParameterException' }))).toBe(true);
    expect(isRejection(Object.assign(new Error('bad attribute'), { name: 'InvalidParameterValueException' }))).toBe(true);
    expect(isRejection(Object.assign(new Error('throttled'), { name: 'ThrottledException' }))).toBe(false);
  });
});

describe('the publisher in use', () => {
  it('is the installed one while installed, and SNS again once uninstalled', async () => {
    const local: AlertPublisher = async () => 'local-1';
    useAlertPublisher(local);
    expect(alertPublisher()).toBe(local);

    useAlertPublisher(undefined);
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-2' });
    await expect(alertPublisher()(message, outboxId)).resolves.toBe('sns-message-2');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});
