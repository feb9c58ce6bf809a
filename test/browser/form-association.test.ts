// <liveness-check> as a form field: the verdict is its value, `required` blocks submission until confirmed.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import { ASSETS_URL, preparePage, showPageFeedTo, stubLivenessApi, waitForState } from '../support/browser-helpers.js';

const verdict = { live: true, score: 0.93, threshold: 0.55, endpoint: 'antispoofing', issuedAt: 1, expiresAt: 2, nonce: 'abc', signature: 'sig' };
const signedAnswer = { body: JSON.stringify({ success: true, message: 'ok', model_output: { pred_idx: 'real', prob_real: 0.93 }, verdict }) };

async function mountForm(proxyUrl: string): Promise<{ form: HTMLFormElement; check: LivenessCheck; fieldset: HTMLFieldSetElement }> {
  const form = document.createElement('form');
  form.innerHTML = `<fieldset><input name="fullName" value="Ada"><liveness-check name="liveness" required hold-ms="150" assets-url="${ASSETS_URL}" proxy-url="${proxyUrl}"></liveness-check></fieldset>`;
  document.body.append(form);
  const check = form.querySelector('liveness-check')!;
  showPageFeedTo(check);
  await check.updateComplete;
  return { form, check, fieldset: form.querySelector('fieldset')! };
}

describe('form association', () => {
  before(preparePage);
  afterEach(() => document.querySelectorAll('form').forEach((form) => form.remove()));

  it('is invalid (valueMissing) with its message until a confirmed verdict, then submits the signed verdict', async () => {
    const stub = await stubLivenessApi(signedAnswer);
    const { form, check } = await mountForm(stub.proxyUrl);
    expect(check.form).to.equal(form);
    expect(form.checkValidity()).to.equal(false);
    expect(check.validity.valueMissing).to.equal(true);
    expect(check.validationMessage).to.equal('Complete the face check to continue.');
    expect(new FormData(form).get('liveness')).to.equal(null);

    const confirmed = waitForState(check, 'confirmed');
    await check.start();
    await confirmed;
    await check.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(JSON.parse(String(new FormData(form).get('liveness')))).to.deep.equal(verdict);
    expect(JSON.parse(check.value)).to.deep.equal(verdict);
  });

  it('uses the messages property for its validation message', async () => {
    const { check } = await mountForm('/api/liveness');
    check.messages = { 'value-missing': 'Bitte Gesichtsprüfung abschließen.' };
    await check.updateComplete;
    expect(check.validationMessage).to.equal('Bitte Gesichtsprüfung abschließen.');
  });

  it('returns to idle with an empty value on form reset', async () => {
    const stub = await stubLivenessApi(signedAnswer);
    const { form, check } = await mountForm(stub.proxyUrl);
    const confirmed = waitForState(check, 'confirmed');
    await check.start();
    await confirmed;
    form.reset();
    await check.updateComplete;
    expect(check.state).to.equal('idle');
    expect(check.value).to.equal('');
    expect(form.checkValidity()).to.equal(false);
  });

  it('is disabled by a disabled fieldset: buttons disabled, start() a no-op', async () => {
    const { fieldset, check } = await mountForm('/api/liveness');
    fieldset.disabled = true;
    await check.updateComplete;
    expect(check.shadowRoot!.querySelector('button')!.disabled).to.equal(true);
    await check.start();
    expect(check.state).to.equal('idle');
    fieldset.disabled = false;
    await check.updateComplete;
    expect(check.shadowRoot!.querySelector('button')!.disabled).to.equal(false);
  });
});
