// The framework typings (src/frameworks/element-props.ts) are derived from the element's property types: every
// settable property of its own, and an attribute, named in kebab case, for each one holding a string, number or
// boolean. This holds them to what the element really declares (Lit's `elementProperties`), so React, Vue and Svelte
// are never promised an attribute or property the element does not read. The two lists below (the attributes, and the
// properties that have none) are checked against the typings by the compiler (no key missing, none extra) and
// against the element here: a new attribute is one line here.
import { expect } from '@open-wc/testing';
import type { KebabCase, LivenessCheckAttributes, LivenessCheckProperties } from '../../src/frameworks/element-props.js';
import { LivenessCheck } from '../../src/liveness-check.js';

type Property = keyof LivenessCheckProperties;
type AttributeOf = { [K in Property as KebabCase<K> extends keyof LivenessCheckAttributes ? KebabCase<K> : never]-?: K };

const TYPED_ATTRIBUTES: AttributeOf = {
  autostart: 'autostart',
  camera: 'camera',
  'assets-url': 'assetsUrl',
  'hold-ms': 'holdMs',
  'proxy-url': 'proxyUrl',
  endpoint: 'endpoint',
  'timeout-ms': 'timeoutMs',
  'max-image-size': 'maxImageSize',
  'max-bytes': 'maxBytes',
  name: 'name',
  'image-name': 'imageName',
  required: 'required',
  disabled: 'disabled',
  threshold: 'threshold',
  debug: 'debug',
  'assist-after-ms': 'assistAfterMs',
  'search-timeout-ms': 'searchTimeoutMs',
  'allow-manual-capture': 'allowManualCapture',
  'consent-required': 'consentRequired',
  'privacy-url': 'privacyUrl',
  'reject-virtual-camera': 'rejectVirtualCamera',
};

/** The properties without an attribute (objects and streams); with the attributes' ones, every typed property. */
const PROPERTY_ONLY: Record<Exclude<Property, AttributeOf[keyof AttributeOf]>, true> = {
  fetchInit: true,
  stream: true,
  messages: true,
  gateThresholds: true,
};
const TYPED_PROPERTIES = [...Object.values(TYPED_ATTRIBUTES), ...Object.keys(PROPERTY_ONLY)];

describe('framework typings of <liveness-check>', () => {
  // Public reactive properties; `@state()` ones are the element's own.
  const declared = () => [...LivenessCheck.elementProperties].filter(([, options]) => !options.state);

  it('type exactly the properties the element declares', () => {
    expect(
      declared()
        .map(([property]) => String(property))
        .sort(),
    ).to.deep.equal(TYPED_PROPERTIES.sort());
  });

  it('type exactly the attributes the element observes, each setting its property', () => {
    const attributes = declared()
      .filter(([, options]) => options.attribute !== false)
      .map(([property, options]) => [typeof options.attribute === 'string' ? options.attribute : String(property).toLowerCase(), property]);
    expect(Object.fromEntries(attributes)).to.deep.equal(TYPED_ATTRIBUTES);
    expect([...LivenessCheck.observedAttributes].sort()).to.deep.equal(Object.keys(TYPED_ATTRIBUTES).sort());
  });
});
