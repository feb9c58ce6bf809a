/**
 * `import 'liveness-check/react'`: registers the element (the same module as the package root) and types
 * `<liveness-check>` in React 19 JSX: its properties, its attributes, and its events as React 19 listens to them on
 * a custom element (`onliveness-confirmed={(event) => …}` with the event's detail typed).
 */

import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { LivenessCheck } from '../liveness-check-element.js';
import type { LivenessCheckEventHandlers, LivenessCheckProps } from './element-props.js';

export * from '../liveness-check.js';
export type { LivenessCheckAttributes, LivenessCheckEventHandlers, LivenessCheckProperties, LivenessCheckProps } from './element-props.js';

export type LivenessCheckReactProps = DetailedHTMLProps<HTMLAttributes<LivenessCheck>, LivenessCheck> &
  LivenessCheckProps &
  LivenessCheckEventHandlers;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'liveness-check': LivenessCheckReactProps;
    }
  }
}
