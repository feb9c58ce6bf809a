// A stand-in liveness API for the browser suites, served by the test server itself. A test first registers a
// scenario (the answers to give, in order; the last one repeats), points the element's proxy-url at it, then
// reads back exactly what the element sent.
//   POST /stub/scenarios            {"id": "...", "responses": [{"status": 200, "body": "<raw text>", "delayMs": 0}]}
//   POST /stub/s/<id>/<endpoint>    answered from the scenario, request recorded
//   GET  /stub/s/<id>/requests      [{ "method", "path", "headers", "body" }]

const scenarios = new Map();

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Koa middleware for the test server (web-test-runner `middleware`). */
export async function stubLivenessApi(ctx, next) {
  if (!ctx.path.startsWith('/stub/')) return next();
  ctx.type = 'application/json';
  if (ctx.path === '/stub/scenarios' && ctx.method === 'POST') {
    const { id, responses } = JSON.parse(await readBody(ctx));
    scenarios.set(id, { responses, requests: [] });
    ctx.body = '{"ok":true}';
    return undefined;
  }
  const match = /^\/stub\/s\/([^/]+)\/(.+)$/.exec(ctx.path);
  const scenario = match && scenarios.get(match[1]);
  if (!scenario) {
    ctx.status = 404;
    ctx.body = '{"error":"unknown scenario"}';
    return undefined;
  }
  if (match[2] === 'requests') {
    ctx.body = JSON.stringify(scenario.requests);
    return undefined;
  }
  scenario.requests.push({ method: ctx.method, path: ctx.path, headers: ctx.headers, body: await readBody(ctx) });
  const answer = scenario.responses[Math.min(scenario.requests.length - 1, scenario.responses.length - 1)];
  if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
  ctx.status = answer.status ?? 200;
  ctx.type = answer.contentType ?? 'application/json';
  ctx.body = answer.body ?? '';
  return undefined;
}
