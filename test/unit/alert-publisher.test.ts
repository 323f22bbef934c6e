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
import { type AlertPublisher, alertPublisher, snsPublisher, useAlertPublisher } from '../../shared/outbox/alert-publisher.js';
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
    await expect(snsPublisher()(message)).resolves.toBe('sns-message-1');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      TopicArn: topicArn,
      Subject: message.subject,
      Message: message.message,
      MessageAttributes: {
        county: { DataType: 'String', StringValue: '421123000000' },
        city: { DataType: 'String', StringValue: '421100000000' },
        step: { DataType: 'String', StringValue: 'deployment' },
      },
    });
  });

  it('refuses to publish without the topic ARN, naming the variable', async () => {
    delete process.env.WORKFLOW_ESCALATIONS_TOPIC_ARN;
    await expect(snsPublisher()(message)).rejects.toThrow('WORKFLOW_ESCALATIONS_TOPIC_ARN');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('passes an SNS error on, so the relay reports the record and it is handed over again', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Internal failure'), { name: 'InternalErrorException' }));
    await expect(snsPublisher()(message)).rejects.toMatchObject({ name: 'InternalErrorException' });
  });
});

describe('the publisher in use', () => {
  it('is the installed one while installed, and SNS again once uninstalled', async () => {
    const local: AlertPublisher = async () => 'local-1';
    useAlertPublisher(local);
    expect(alertPublisher()).toBe(local);

    useAlertPublisher(undefined);
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-2' });
    await expect(alertPublisher()(message)).resolves.toBe('sns-message-2');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});
