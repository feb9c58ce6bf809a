/**
 * A signal that aborts, with the same reason, as soon as any of `signals` does: `AbortSignal.any`
 * where the browser has it (Safari only since 17.4), else {@link combineAbortSignals}.
 */
export function anyAbortSignal(signals: readonly AbortSignal[]): AbortSignal {
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([...signals]) : combineAbortSignals(signals);
}

/**
 * The fallback behind {@link anyAbortSignal}. Its listeners are removed once it aborts, so a
 * long-lived input signal does not keep them, or the combined signal, alive.
 */
export function combineAbortSignals(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const alreadyAborted = signals.find((signal) => signal.aborted);
  if (alreadyAborted) {
    controller.abort(alreadyAborted.reason);
    return controller.signal;
  }
  const onAbort = (event: Event) => {
    for (const signal of signals) signal.removeEventListener('abort', onAbort);
    controller.abort((event.target as AbortSignal).reason);
  };
  for (const signal of signals) signal.addEventListener('abort', onAbort);
  return controller.signal;
}
