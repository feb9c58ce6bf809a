/**
 * The element's template-facing API for the framework typings, derived from the class itself so that a property
 * added to `<liveness-check>` reaches React, Vue and Svelte with no list to update: its settable properties, and
 * the attributes of those that have one (a primitive's, named in kebab case, as the element declares them; a
 * browser test holds that rule to the element's own declarations).
 */

import type { LitElement } from 'lit';
import type { LivenessCheck } from '../liveness-check-element.js';
import type { LivenessEventMap } from '../types.js';

/** Whether `T[K]` is read-only (a getter without a setter, or `readonly`). */
type IsReadonly<T, K extends keyof T> =
  (<V>() => V extends { [Q in K]: T[K] } ? 1 : 2) extends <V>() => V extends { -readonly [Q in K]: T[K] } ? 1 : 2 ? false : true;

/** The class's own members: not `LitElement`'s (published as `HTMLElement`'s, see scripts/publish-types.ts). */
type OwnKey = Exclude<keyof LivenessCheck, keyof LitElement>;

/** Own members a page may set: no methods, nothing read-only (`state`, `value`, the form-field getters). */
type SettableKey = {
  [K in OwnKey]-?: LivenessCheck[K] extends (...args: never[]) => unknown ? never : IsReadonly<LivenessCheck, K> extends true ? never : K;
}[OwnKey];

/** Settable members holding a string, number or boolean: the ones with an attribute. */
type AttributeKey = {
  [K in SettableKey]-?: NonNullable<LivenessCheck[K]> extends string | number | boolean ? K : never;
}[SettableKey];

/** `proxyUrl` → `proxy-url`. */
export type KebabCase<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : Name;

/** What an attribute takes in markup: a number may be written as its text. */
type AttributeValue<Value> =
  NonNullable<Value> extends boolean ? boolean : NonNullable<Value> extends number ? number | `${number}` : NonNullable<Value>;

/** The properties a template may set on `<liveness-check>`. */
export type LivenessCheckProperties = { [K in SettableKey]?: LivenessCheck[K] };

/** The attributes of `<liveness-check>`, as server-rendered markup has them (`proxy-url`, `hold-ms`…). */
export type LivenessCheckAttributes = { [K in AttributeKey as KebabCase<K>]?: AttributeValue<LivenessCheck[K]> };

/**
 * Props for a framework that sets a property when the element has one and an attribute otherwise (React 19, Vue,
 * Svelte 5): where a name is both (`threshold`, `endpoint`), the property's type applies, as the property is set.
 */
export type LivenessCheckProps = LivenessCheckProperties & Omit<LivenessCheckAttributes, keyof LivenessCheckProperties>;

/** `on<event-name>` handlers (event name as written, dashes kept), as React 19 and Svelte 5 add them to a custom element. */
export type LivenessCheckEventHandlers = { [Type in keyof LivenessEventMap as `on${Type}`]?: (event: LivenessEventMap[Type]) => void };
