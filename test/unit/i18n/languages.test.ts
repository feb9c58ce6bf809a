import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMessages, SHIPPED_LANGUAGES, shippedLanguage, textDirection } from '../../../src/i18n/languages.js';
import { DEFAULT_MESSAGES } from '../../../src/messages.js';

const KEYS = Object.keys(DEFAULT_MESSAGES).sort();

describe('the shipped languages', () => {
  it('are English, Hindi, Spanish, French, Portuguese, Arabic, Bengali and Tamil', () => {
    assert.deepEqual([...SHIPPED_LANGUAGES].sort(), ['ar', 'bn', 'en', 'es', 'fr', 'hi', 'pt', 'ta']);
  });

  for (const language of SHIPPED_LANGUAGES) {
    it(`${language}: a complete set, every key of the English one and nothing else, none empty`, async () => {
      const messages = await loadMessages(language);
      const keys = Object.keys(messages).sort();
      assert.deepEqual(
        KEYS.filter((key) => !keys.includes(key)),
        [],
        `missing in ${language}`,
      );
      assert.deepEqual(
        keys.filter((key) => !KEYS.includes(key)),
        [],
        `unknown in ${language}`,
      );
      for (const [key, text] of Object.entries(messages)) {
        assert.equal(typeof text, 'string', `${language} ${key}`);
        assert.notEqual(text.trim(), '', `${language} ${key}`);
        // Untranslated text slipping through: only the technical words (proxy-url, https) may stay in English.
        if (language !== 'en') assert.notEqual(text, DEFAULT_MESSAGES[key as keyof typeof DEFAULT_MESSAGES], `${language} ${key}`);
      }
      assert.ok(Object.isFrozen(messages), 'frozen: one copy is shared by every element');
    });
  }

  it('keeps each language out of the others: one module per language, loaded once', async () => {
    assert.equal(await loadMessages('hi'), await loadMessages('hi'));
    assert.equal(await loadMessages('en'), DEFAULT_MESSAGES);
  });
});

describe('shippedLanguage', () => {
  it('matches the primary subtag, whatever the region, script or case', () => {
    assert.equal(shippedLanguage('pt-BR'), 'pt');
    assert.equal(shippedLanguage('es-419'), 'es');
    assert.equal(shippedLanguage('ES'), 'es');
    assert.equal(shippedLanguage('ta_IN'), 'ta');
    assert.equal(shippedLanguage(' hi '), 'hi');
    assert.equal(shippedLanguage('bn-Beng-BD'), 'bn');
  });

  it('finds nothing for a language not shipped, or no language', () => {
    for (const tag of ['de', 'he', '', 'english', 'x-klingon', 'pt2']) assert.equal(shippedLanguage(tag), undefined, tag);
  });
});

describe('textDirection', () => {
  it('is right to left for Arabic (and other right-to-left languages an integrator may bring), else left to right', () => {
    for (const tag of ['ar', 'ar-EG', 'he', 'fa-IR', 'ur']) assert.equal(textDirection(tag), 'rtl', tag);
    for (const tag of ['en', 'hi', 'bn', 'ta', 'fr', 'es', 'pt', '', 'arn']) assert.equal(textDirection(tag), 'ltr', tag);
  });
});
