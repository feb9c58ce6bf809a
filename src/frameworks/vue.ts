/**
 * `import 'liveness-check/vue'`: registers the element (the same module as the package root) and types
 * `<liveness-check>` in Vue templates for vue-tsc: props, attributes and `@liveness-*` events with their detail.
 * Vue's compiler still needs `isCustomElement` to render the tag rather than look for a Vue component.
 */

import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { LivenessCheck } from '../liveness-check-element.js';
import type { LivenessEventMap } from '../types.js';
import type { LivenessCheckProps } from './element-props.js';

export * from '../liveness-check.js';
export type { LivenessCheckAttributes, LivenessCheckProperties, LivenessCheckProps } from './element-props.js';

/** Vue's documented shape for a custom element in `GlobalComponents`: `$props` for the template, `$emit` for `@event`. */
export type LivenessCheckVueComponent = new () => LivenessCheck & {
  /** @deprecated Template typing only: not on the element. */
  $props: HTMLAttributes & PublicProps & LivenessCheckProps;
  /** @deprecated Template typing only: not on the element. */
  $emit: EmitFn<{ [Type in keyof LivenessEventMap]: (event: LivenessEventMap[Type]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
    'liveness-check': LivenessCheckVueComponent;
  }
}
