/**
 * A configuration SecureSageMakerEndpoint refuses at synth time because AWS would reject it at
 * deploy time, or because it cannot be made to meet the baseline. The message says what was
 * asked for, why it cannot work, and what to do instead.
 */
export class SecureEndpointConfigurationError extends Error {
  constructor(
    /** The construct path, so the user knows which endpoint is wrong. */
    readonly constructPath: string,
    /** What was asked for and why it cannot work. */
    readonly problem: string,
    /** What to do instead. */
    readonly fix: string,
  ) {
    super(`${constructPath}: ${problem} ${fix}`);
    this.name = 'SecureEndpointConfigurationError';
  }
}
