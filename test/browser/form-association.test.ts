// <liveness-check> as a form field: the verdict is its value, `required` blocks submission until confirmed.
import { expect } from '@open-wc/testing';
import '../../src/liveness-check.js';
import type { LivenessCheck } from '../../src/liveness-check.js';
import { answerWithVerdict, ASSETS_URL, preparePage, showPageFeedTo, stubLivenessApi, waitForState } from '../support/browser-helpers.js';

const { verdict, answer: signedAnswer } = answerWithVerdict(0.93);

async function mountForm(
  proxyUrl: string,
  attributes = '',
): Promise<{ form: HTMLFormElement; check: LivenessCheck; fieldset: HTMLFieldSetElement }> {
  const form = document.createElement('form');
  form.innerHTML = `<fieldset><input name="fullName" value="Ada"><liveness-check name="liveness" ${attributes} required hold-ms="150" assets-url="${ASSETS_URL}" proxy-url="${proxyUrl}"></liveness-check></fieldset>`;
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
    expect(new FormData(form).get('liveness')).to.equal(verdict);
    expect(check.value).to.equal(verdict);
  });

  it('with image-name, submits the selfie that was sent — the same bytes — beside the verdict', async () => {
    const stub = await stubLivenessApi(signedAnswer);
    const { form, check } = await mountForm(stub.proxyUrl, 'image-name="selfie"');
    expect(check.imageName).to.equal('selfie');
    const captured = new Promise<Blob>((resolve) =>
      check.addEventListener('liveness-capture', (event) => resolve(event.detail.image), { once: true }),
    );
    const confirmed = waitForState(check, 'confirmed');
    await check.start();
    await confirmed;
    await check.updateComplete;

    const entries = new FormData(form);
    expect(entries.get('fullName')).to.equal('Ada');
    expect(entries.get('liveness')).to.equal(verdict);
    const selfie = entries.get('selfie');
    expect(selfie).to.be.instanceOf(File);
    expect([(selfie as File).name, (selfie as File).type]).to.deep.equal(['selfie.jpg', 'image/jpeg']);
    const sentBase64 = JSON.parse((await stub.requests())[0].body).data as string;
    const sent = Uint8Array.from(atob(sentBase64), (character) => character.charCodeAt(0));
    const submitted = new Uint8Array(await (selfie as File).arrayBuffer());
    expect(submitted.length).to.equal(sent.length);
    expect(submitted.every((byte, index) => byte === sent[index])).to.equal(true);
    const event = new Uint8Array(await (await captured).arrayBuffer());
    expect(event.every((byte, index) => byte === sent[index]) && event.length === sent.length).to.equal(true);
    expect(check.value).to.equal(verdict);

    form.reset();
    await check.updateComplete;
    expect(new FormData(form).get('selfie')).to.equal(null);
    expect(new FormData(form).get('liveness')).to.equal(null);
  });

  it('has its value and validity set before liveness-confirmed fires, so the listener can submit the form', async () => {
    const stub = await stubLivenessApi(signedAnswer);
    const { form, check } = await mountForm(stub.proxyUrl, 'image-name="selfie"');
    const seen: Array<{ validInListener: boolean; submitted?: FormData }> = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      seen[0].submitted = new FormData(form);
    });
    const confirmed = new Promise<void>((resolve) =>
      check.addEventListener(
        'liveness-confirmed',
        () => {
          seen.push({ validInListener: form.checkValidity() });
          form.requestSubmit();
          resolve();
        },
        { once: true },
      ),
    );
    await check.start();
    await confirmed;

    expect(seen.map(({ validInListener }) => validInListener)).to.deep.equal([true]);
    const submitted = seen[0].submitted;
    expect(submitted, 'the form was submitted from the listener').to.be.instanceOf(FormData);
    expect(submitted!.get('liveness')).to.equal(verdict);
    expect((submitted!.get('selfie') as File | null)?.name).to.equal('selfie.jpg');
  });

  it('without image-name, submits the verdict alone', async () => {
    const stub = await stubLivenessApi(signedAnswer);
    const { form, check } = await mountForm(stub.proxyUrl);
    const confirmed = waitForState(check, 'confirmed');
    await check.start();
    await confirmed;
    await check.updateComplete;
    expect([...new FormData(form).keys()]).to.deep.equal(['fullName', 'liveness']);
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
