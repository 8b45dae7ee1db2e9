// Drift notifications to an Amazon SNS topic. The SDK loads only when a topic is given.
import { PermanentNotifyError } from './retry';

type SnsModule = typeof import('@aws-sdk/client-sns');
const snsSdk = (): SnsModule => require('@aws-sdk/client-sns');

/** SNS takes messages up to 256 KiB. */
export const SNS_MESSAGE_LIMIT_BYTES = 256 * 1024 - 1024;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

/** The topic's region, or undefined when `arn` is not an SNS topic ARN. */
export function topicRegion(arn: string): string | undefined {
  return TOPIC_ARN.exec(arn)?.[1];
}

export interface SnsTarget {
  readonly topicArn: string;
  /** An endpoint override (AWS_ENDPOINT_URL_SNS / AWS_ENDPOINT_URL), for private endpoints and tests. */
  readonly endpoint?: string;
}

/** One publish attempt (the SDK's own retries are off: the caller retries every channel the same way). */
export async function publishSns(target: SnsTarget, subject: string, message: string): Promise<void> {
  const { SNSClient, PublishCommand } = snsSdk();
  const region = topicRegion(target.topicArn);
  const client = new SNSClient({ region, maxAttempts: 1, ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }) });
  try {
    await client.send(new PublishCommand({ TopicArn: target.topicArn, Subject: subject.slice(0, 100), Message: message }));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const text = `SNS Publish failed: ${name}: ${error instanceof Error ? error.message : String(error)}`;
    // A missing topic or a denied publish will not fix itself within a few seconds.
    if (['NotFoundException', 'NotFound', 'AuthorizationErrorException', 'InvalidParameterException', 'InvalidParameterValueException'].includes(name)) throw new PermanentNotifyError(text);
    throw new Error(text);
  } finally {
    client.destroy();
  }
}
