// An error the simulator answers with, in the vocabulary of the service that raises it.
// Each protocol renders it in its own wire shape (JSON __type, Query ErrorResponse, EC2 Errors, S3 Error).

export class AwsApiError extends Error {
  constructor(
    /** The wire error code, e.g. `ValidationException`, `NoSuchEntity`, `NoSuchBucket`. */
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Extra elements some protocols carry (S3 `BucketName`, `Region`, ...). */
    readonly details: Readonly<Record<string, string>> = {},
    /** Extra response headers (S3 `x-amz-bucket-region` on a redirect). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** Query protocols say who is at fault: 4xx is the caller's, 5xx the service's. */
  get faultType(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}
