/** The element's part in its `<form>` as a Lit reactive controller: the value it submits and its validity. */

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the controller reads off its host on every update. */
export interface FormFieldHost extends ReactiveControllerHost, HTMLElement {
  /** Field name of the verdict. */
  name: string;
  /** Field name of the selfie; empty for none. */
  imageName: string;
  required: boolean;
}

export class FormValueController implements ReactiveController {
  readonly #host: FormFieldHost;
  readonly #internals: ElementInternals;
  readonly #valueMissingMessage: () => string;
  #verdictJson: string | null = null;
  #selfie: File | null = null;

  /** `valueMissingMessage`: the text a form shows while `required` and nothing is confirmed. */
  constructor(host: FormFieldHost, internals: ElementInternals, { valueMissingMessage }: { valueMissingMessage: () => string }) {
    this.#host = host;
    this.#internals = internals;
    this.#valueMissingMessage = valueMissingMessage;
    host.addController(this);
  }

  /** The confirmed verdict as submitted (JSON), or `null`. */
  get verdictJson(): string | null {
    return this.#verdictJson;
  }

  /**
   * A confirmed verdict and the selfie it judged become the value, at once: a `liveness-confirmed` listener that
   * submits the form must find them there (an update would come after the event).
   */
  confirm(verdictJson: string, selfie: File): void {
    this.#verdictJson = verdictJson;
    this.#selfie = selfie;
    this.#sync();
  }

  clear(): void {
    if (this.#verdictJson === null) return;
    this.#verdictJson = null;
    this.#selfie = null;
    this.#sync();
    // Synced again once rendered, so the message anchors on the button the person will see.
    this.#host.requestUpdate();
  }

  /** After every update too: `name`, `imageName`, `required` and the message may have changed, and the button is rendered. */
  hostUpdated(): void {
    this.#sync();
  }

  #sync(): void {
    const host = this.#host;
    this.#internals.setFormValue(this.#value());
    const missing = host.required && this.#verdictJson === null;
    // The Start/Retry button takes focus when the form reports this field.
    const anchor = host.shadowRoot?.querySelector<HTMLElement>('button') ?? undefined;
    this.#internals.setValidity(missing ? { valueMissing: true } : {}, missing ? this.#valueMissingMessage() : '', anchor);
  }

  /** The verdict JSON, or with `name` and `imageName` set, the verdict and the selfie as two form entries. */
  #value(): string | FormData | null {
    const { name, imageName } = this.#host;
    if (this.#verdictJson === null || !name || !imageName || !this.#selfie) return this.#verdictJson;
    const entries = new FormData();
    entries.append(name, this.#verdictJson);
    entries.append(imageName, this.#selfie);
    return entries;
  }
}
