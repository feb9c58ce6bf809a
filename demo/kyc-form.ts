// The integrator's backend for the demo's KYC form: a multipart submit of the applicant's fields, the signed verdict
// (`liveness`) and the selfie it judged (`selfie`). It accepts the form only with a verdict that is authentic, fresh,
// for this session, for this very selfie, on the endpoint it accepts, live, not a sandbox one (unless the demo runs
// the sandbox), and unused; it verifies with the proxy's public keys (its JWKS), as any backend would.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyVerdict, type JSONWebKeySet, type NonceStore, type VerdictRejectionReason } from '../src/proxy/index.js';
import { sessionOf } from './session.js';

/** A selfie is at most a few hundred KB; the API's own limit is 10 MB. */
const FORM_BODY_LIMIT = 12 * 1024 * 1024;

/** The checks shown on the result page, in the order verifyVerdict makes them, with the reasons that fail each. */
const CHECKS: ReadonlyArray<{ name: string; label: string; failsWith: readonly VerdictRejectionReason[] }> = [
  {
    name: 'signature',
    label: "Signed by the proxy's key, for this backend",
    failsWith: [
      'invalid-options',
      'invalid-key',
      'malformed',
      'alg-not-allowed',
      'unknown-key',
      'keys-unavailable',
      'bad-signature',
      'wrong-type',
      'issuer-mismatch',
      'audience-mismatch',
    ],
  },
  { name: 'fresh', label: 'Fresh', failsWith: ['expired', 'too-old', 'issued-in-future'] },
  {
    name: 'mode',
    label: 'Judged by the liveness model on the antispoofing endpoint (or the sandbox while the demo runs it)',
    failsWith: ['sandbox', 'endpoint-not-allowed', 'threshold-too-low'],
  },
  { name: 'subject', label: 'Issued for this session', failsWith: ['subject-mismatch'] },
  { name: 'selfie', label: 'The submitted selfie is the judged image', failsWith: ['image-mismatch'] },
  { name: 'replay', label: 'Not used before', failsWith: ['replayed', 'nonce-store-failed'] },
];

export type CheckStatus = 'passed' | 'failed' | 'not-checked';

export interface KycFormResult {
  accepted: boolean;
  reason?: string;
  checks: Array<{ name: string; label: string; status: CheckStatus }>;
  live?: boolean;
  mode?: string;
  score?: number;
  fullName?: string;
}

export interface KycFormOptions {
  /** The proxy's public keys. */
  keys: JSONWebKeySet;
  nonceStore: NonceStore;
  /** Only while the demo itself runs the sandbox. */
  allowSandbox: boolean;
}

async function readForm(request: IncomingMessage): Promise<FormData> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_BODY_LIMIT) throw new RangeError('form too large');
    chunks.push(chunk);
  }
  // The platform's multipart parser (undici), not a hand-written one.
  return new Response(Buffer.concat(chunks), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
}

function send(response: ServerResponse, status: number, body: KycFormResult): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** Every check passed up to the failing one, that one failed, the rest not reached. */
function checkStatuses(reason: VerdictRejectionReason | undefined): KycFormResult['checks'] {
  const failing = reason === undefined ? -1 : CHECKS.findIndex((check) => check.failsWith.includes(reason));
  return CHECKS.map(({ name, label }, index) => ({
    name,
    label,
    status: failing === -1 || index < failing ? 'passed' : index === failing ? 'failed' : 'not-checked',
  }));
}

export function createKycFormHandler({ keys, nonceStore, allowSandbox }: KycFormOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let form: FormData;
    try {
      form = await readForm(request);
    } catch {
      return send(response, 400, { accepted: false, reason: 'malformed form', checks: checkStatuses('malformed') });
    }
    // Two selfies or two verdicts: which one would face matching get? Refused rather than guessed.
    if (form.getAll('selfie').length !== 1 || form.getAll('liveness').length !== 1) {
      return send(response, 400, { accepted: false, reason: 'duplicate or missing field', checks: checkStatuses('malformed') });
    }
    const selfie = form.get('selfie');
    const result = await verifyVerdict(form.get('liveness'), {
      keys,
      image: selfie instanceof Blob ? selfie : null,
      subject: sessionOf(request.headers.cookie) ?? null,
      endpoints: ['antispoofing'],
      allowSandbox,
      nonceStore,
    });
    const checks = checkStatuses(result.valid ? undefined : result.reason);
    if (!result.valid) return send(response, 422, { accepted: false, reason: `verdict ${result.reason}`, checks });
    const { live, mode, score } = result.verdict;
    if (!live) return send(response, 422, { accepted: false, reason: 'not live', checks, live, mode, score });
    const fullName = form.get('fullName');
    send(response, 200, { accepted: true, checks, live, mode, score, fullName: typeof fullName === 'string' ? fullName : '' });
  };
}
