// An in-memory bucket behind the three S3 commands the organization job's handlers send (Put, Get, ListObjectsV2).
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';

export function fakeS3() {
  const objects = new Map<string, Buffer>();
  const send = jest.fn(async (command: unknown) => {
    if (command instanceof PutObjectCommand) {
      objects.set(`${command.input.Bucket}/${command.input.Key}`, Buffer.from(command.input.Body as Buffer | string));
      return {};
    }
    if (command instanceof GetObjectCommand) {
      const body = objects.get(`${command.input.Bucket}/${command.input.Key}`);
      if (!body) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
      return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
    }
    if (command instanceof ListObjectsV2Command) {
      const prefix = `${command.input.Bucket}/${command.input.Prefix ?? ''}`;
      return { Contents: [...objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => ({ Key: k.slice(`${command.input.Bucket}/`.length) })), IsTruncated: false };
    }
    throw new Error(`unexpected S3 command ${String(command)}`);
  });
  return { objects, send };
}
