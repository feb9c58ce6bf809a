// The shipped languages in the element: it follows its own lang, else the nearest ancestor's, else the document's;
// a language's messages are fetched only when it is used; Arabic lays the element out right to left; `messages`
// still overrides any string.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import { cleanup, mountLivenessCheck } from '../support/browser-helpers.js';

/** The language modules this page has fetched so far (src/i18n/xx). */
function fetchedLanguages(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => /\/src\/i18n\/(\w+)\.(?:js|ts)/.exec(entry.name)?.[1])
    .filter((name): name is string => name !== undefined && name.length === 2);
}

function startText(element: LivenessCheck): string {
  return element.shadowRoot!.querySelector('button[part="button"]')!.textContent.trim();
}

describe('languages', () => {
  afterEach(() => {
    cleanup();
    document.documentElement.lang = 'en';
  });

  it('fetches nothing but English until a language is used, then only that one', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' }, { camera: true });
    await element.updateComplete;
    expect(startText(element)).to.equal('Start face check');
    expect(fetchedLanguages()).to.deep.equal([]);
    element.lang = 'hi-IN';
    await element.updateComplete;
    expect(startText(element)).to.equal('चेहरे की जाँच शुरू करें');
    expect(fetchedLanguages()).to.deep.equal(['hi']);
  });

  it("follows its own lang, else the nearest ancestor's, else the document's; messages still override", async () => {
    document.documentElement.lang = 'fr';
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    try {
      const element = mountLivenessCheck({ 'proxy-url': '/api/liveness' }, { camera: true });
      await element.updateComplete;
      expect(startText(element), 'the document').to.equal('Lancer la vérification du visage');
      wrapper.lang = 'pt-BR';
      wrapper.append(element);
      await element.updateComplete;
      expect(startText(element), 'the ancestor').to.equal('Iniciar verificação facial');
      element.lang = 'bn';
      await element.updateComplete;
      expect(startText(element), 'its own').to.equal('মুখ যাচাই শুরু করুন');
      element.messages = { start: 'Los geht’s' };
      await element.updateComplete;
      expect(startText(element), 'messages').to.equal('Los geht’s');
    } finally {
      wrapper.remove();
    }
  });

  it('watches lang with one MutationObserver for all its elements, and follows a change in each of them at once', async () => {
    const observers = new Set<MutationObserver>();
    const { observe } = MutationObserver.prototype;
    MutationObserver.prototype.observe = function (this: MutationObserver, ...args: Parameters<MutationObserver['observe']>) {
      observers.add(this);
      return observe.apply(this, args);
    };
    const shadowHost = document.createElement('div');
    document.body.append(shadowHost);
    try {
      const inDocument = Array.from({ length: 10 }, () => mountLivenessCheck({ 'proxy-url': '/api/liveness' }, { camera: true }));
      const inShadow = Array.from({ length: 2 }, () => document.createElement('liveness-check'));
      shadowHost.attachShadow({ mode: 'open' }).append(...inShadow);
      const elements = [...inDocument, ...inShadow];
      await Promise.all(elements.map((element) => element.updateComplete));
      expect(observers.size, 'MutationObservers watching lang').to.be.at.most(1);

      document.documentElement.lang = 'es';
      await Promise.all(elements.map((element) => element.updateComplete));
      expect(new Set(elements.map(startText))).to.deep.equal(new Set(['Iniciar verificación facial']));
      inShadow[0].lang = 'ta';
      inDocument[0].lang = 'fr';
      await Promise.all(elements.map((element) => element.updateComplete));
      expect([inShadow[0], inDocument[0], inShadow[1], inDocument[1]].map(startText)).to.deep.equal([
        'முகச் சரிபார்ப்பைத் தொடங்குங்கள்',
        'Lancer la vérification du visage',
        'Iniciar verificación facial',
        'Iniciar verificación facial',
      ]);
    } finally {
      MutationObserver.prototype.observe = observe;
      shadowHost.remove();
    }
  });

  it('lays Arabic out right to left: the consent box sits at the right of its label (at the left in English)', async () => {
    const element = mountLivenessCheck({ 'proxy-url': '/api/liveness', lang: 'ar', 'consent-required': true }, { camera: true });
    await element.updateComplete;
    const frame = element.shadowRoot!.querySelector<HTMLElement>('.frame')!;
    expect([frame.lang, frame.dir, getComputedStyle(frame).direction]).to.deep.equal(['ar', 'rtl', 'rtl']);
    expect(startText(element)).to.equal('بدء فحص الوجه');
    const box = element.shadowRoot!.querySelector('.consent-agree input')!.getBoundingClientRect();
    const label = element.shadowRoot!.querySelector('.consent-agree span')!.getBoundingClientRect();
    expect(box.left, 'box right of the label').to.be.greaterThan(label.right - 1);
    element.lang = 'en';
    await element.updateComplete;
    expect(getComputedStyle(frame).direction).to.equal('ltr');
    const ltrBox = element.shadowRoot!.querySelector('.consent-agree input')!.getBoundingClientRect();
    expect(ltrBox.right, 'box left of the label in English').to.be.lessThan(
      element.shadowRoot!.querySelector('.consent-agree span')!.getBoundingClientRect().left + 1,
    );
  });
});
