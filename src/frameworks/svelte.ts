/**
 * `import 'liveness-check/svelte'`: registers the element (the same module as the package root) and types
 * `<liveness-check>` in Svelte 5 markup for svelte-check: properties, attributes, and `onliveness-*` event
 * attributes (Svelte 5 listens to an `on<event-name>` attribute, dashes kept) with their detail.
 */

// Without this import the augmentation below fails ("module cannot be found", TS2664).
import type { HTMLAttributes } from 'svelte/elements';
import type { LivenessCheck } from '../liveness-check-element.js';
import type { LivenessCheckEventHandlers, LivenessCheckProps } from './element-props.js';

export * from '../liveness-check.js';
export type { LivenessCheckAttributes, LivenessCheckEventHandlers, LivenessCheckProperties, LivenessCheckProps } from './element-props.js';

export type LivenessCheckSvelteProps = HTMLAttributes<LivenessCheck> & LivenessCheckProps & LivenessCheckEventHandlers;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'liveness-check': LivenessCheckSvelteProps;
  }
}
