/** One run of the check, from `start()` to its outcome: its id, and its end by `stop()`, removal or an error. */

/** Rejection of a step that finished after its attempt had ended: stay silent, nothing to report. */
export class AttemptEndedError extends Error {
  override name = 'AbortError';
  constructor() {
    super('The attempt ended (stopped, removed or failed) before this step finished.');
  }
}

export class Attempt {
  /** Carried by every event of this attempt. */
  readonly id: string = newAttemptId();
  readonly #controller = new AbortController();

  /** Aborts when the attempt ends: cancels its request and anything else listening. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get ended(): boolean {
    return this.#controller.signal.aborted;
  }

  end(): void {
    this.#controller.abort(new AttemptEndedError());
  }

  /**
   * Awaits one step of the attempt. When the attempt ended meanwhile, the step's result is handed to
   * `discard` (e.g. a camera stream that arrived after removal, which must be stopped) and the call
   * rejects with {@link AttemptEndedError}, so the rest of the attempt does not run.
   */
  async step<T>(work: Promise<T>, discard?: (late: T) => void): Promise<T> {
    let value: T;
    try {
      value = await work;
    } catch (error) {
      throw this.ended ? new AttemptEndedError() : error;
    }
    if (this.ended) {
      discard?.(value);
      throw new AttemptEndedError();
    }
    return value;
  }
}

function newAttemptId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ??
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')
  );
}
