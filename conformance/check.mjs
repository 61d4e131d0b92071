// Drives the Finch simulator through Finch's official TypeScript SDK with nothing but baseURL changed.
// Env: FINCH_SIM_BASE_URL (e.g. http://localhost:8080/finch-sim), FINCH_CLIENT_ID, FINCH_CLIENT_SECRET,
// FINCH_WEBHOOK_SECRET (defaults: the local-run values). Exits 0 when every check passes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Finch, { BadRequestError, NotFoundError, AuthenticationError } from '@tryfinch/finch-api';

const baseURL = process.env.FINCH_SIM_BASE_URL ?? 'http://localhost:8080/finch-sim';
const clientID = process.env.FINCH_CLIENT_ID ?? 'finch-sim-client';
const clientSecret = process.env.FINCH_CLIENT_SECRET ?? 'finch-sim-secret';
const webhookSecret = process.env.FINCH_WEBHOOK_SECRET ?? 'OdnZztFfU6+A+lMWRWubluFv7YIzkz/sxYuG5IqIwug=';

// The application client: Basic auth for sessions and the sandbox, body credentials for /auth/token.
const app = new Finch({ baseURL, clientID, clientSecret, webhookSecret, maxRetries: 0, logLevel: 'off' });
const forToken = (accessToken) => new Finch({ baseURL, accessToken, maxRetries: 0, logLevel: 'off' });

let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
  }
}

/** The simulator's own controls (not part of Finch's API, so plain fetch). */
async function sim(method, path, body) {
  const response = await fetch(`${baseURL}/_sim${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`_sim ${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function completeSession(sessionId) {
  const { code } = await sim('POST', `/sessions/${sessionId}/complete`, { outcome: 'success' });
  assert.ok(code, 'a code');
  return code;
}

const customer = `sdk-${randomUUID()}`;
let token;
let connectionId;

await check('connect.sessions.new creates a session, and refreshes it for the same customer', async () => {
  const params = { customer_id: customer, customer_name: 'SDK Employer', products: ['company', 'directory'] };
  const first = await app.connect.sessions.new(params);
  assert.ok(first.session_id);
  assert.equal(first.connect_url, `${baseURL}/authorize?session=${first.session_id}`);
  const again = await app.connect.sessions.new({ ...params, minutes_to_expire: 60 });
  assert.equal(again.session_id, first.session_id);
  const code = await completeSession(first.session_id);

  const exchanged = await app.accessTokens.create({ code });
  assert.equal(exchanged.token_type, 'bearer');
  assert.equal(exchanged.customer_id, customer);
  assert.ok(exchanged.account_id && exchanged.company_id && exchanged.entity_ids.length === 1);
  token = exchanged.access_token;
  connectionId = exchanged.connection_id;

  await assert.rejects(app.accessTokens.create({ code }), (error) => {
    assert.ok(error instanceof BadRequestError, `BadRequestError, got ${error}`);
    assert.equal(error.error.name, 'invalid_grant_error');
    return true;
  });
});

await check('connect.sessions.new for a connected customer is connection_already_exists', async () => {
  await assert.rejects(
    app.connect.sessions.new({ customer_id: customer, customer_name: 'SDK Employer', products: ['company'] }),
    (error) => {
      assert.ok(error instanceof BadRequestError, `BadRequestError, got ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.error.finch_code, 'connection_already_exists');
      assert.equal(error.error.context.connection_id, connectionId);
      return true;
    });
});

await check('account.introspect describes the connection', async () => {
  const introspection = await forToken(token).account.introspect();
  assert.equal(introspection.connection_id, connectionId);
  assert.equal(introspection.client_id, clientID);
  assert.equal(introspection.connection_status.status, 'connected');
  assert.equal(introspection.customer_id, customer);
  assert.ok(introspection.account_id && introspection.company_id);
  assert.equal(introspection.authentication_methods.length, 1);
});

await check('connect.sessions.reauthenticate renews the token for the same connection', async () => {
  const session = await app.connect.sessions.reauthenticate({ connection_id: connectionId, minutes_to_expire: 60 });
  assert.ok(session.connect_url.includes(session.session_id));
  const renewed = await app.accessTokens.create({ code: await completeSession(session.session_id) });
  assert.equal(renewed.connection_id, connectionId);
  assert.notEqual(renewed.access_token, token);
  token = renewed.access_token;
  await assert.rejects(app.connect.sessions.reauthenticate({ connection_id: 'no-such-connection' }),
    (error) => error instanceof NotFoundError);
});

await check('jobs.automated create, 202 for a queued job, retrieve, list', async () => {
  await sim('PUT', `/connections/${connectionId}/job-duration`, { duration_ms: 60000 });
  const client = forToken(token);
  const created = await client.jobs.automated.create({ type: 'data_sync_all' });
  assert.equal(created.allowed_refreshes, 1);
  assert.equal(created.remaining_refreshes, 0);
  const queued = await client.jobs.automated.create({ type: 'data_sync_all' }).withResponse();
  assert.equal(queued.response.status, 202);
  assert.equal(queued.data.job_id, created.job_id);
  const job = await client.jobs.automated.retrieve(created.job_id);
  assert.equal(job.status, 'pending');
  assert.equal(job.type, 'data_sync_all');
  const list = await client.jobs.automated.list({ limit: 10, offset: 0 });
  assert.equal(list.data[0].job_id, created.job_id);
  assert.equal(list.meta.quotas.data_sync_all.remaining_refreshes, 0);
  await sim('POST', `/connections/${connectionId}/jobs/finish`);
  assert.equal((await client.jobs.automated.retrieve(created.job_id)).status, 'complete');
});

let sandboxToken;
let sandboxConnectionId;

await check('sandbox.connections.create and accounts.create', async () => {
  const created = await app.sandbox.connections.create({ provider_id: 'gusto', products: ['company', 'payment'] });
  assert.ok(created.access_token && created.connection_id && created.entity_id);
  assert.ok(created.account_id && created.company_id);
  assert.equal(created.authentication_type, 'oauth');
  sandboxToken = created.access_token;
  sandboxConnectionId = created.connection_id;
  const account = await app.sandbox.connections.accounts.create({ company_id: created.company_id, provider_id: 'gusto' });
  assert.equal(account.connection_id, created.connection_id);
});

await check('sandbox.connections.accounts.update changes the status; reauth blocks data calls', async () => {
  const client = forToken(sandboxToken);
  const updated = await client.sandbox.connections.accounts.update({ connection_status: 'reauth' });
  assert.equal(updated.connection_id, sandboxConnectionId);
  assert.equal((await client.account.introspect()).connection_status.status, 'reauth');
  await assert.rejects(client.jobs.automated.create({ type: 'data_sync_all' }), (error) => {
    assert.ok(error instanceof AuthenticationError, `AuthenticationError, got ${error}`);
    assert.equal(error.error.finch_code, 'reauthenticate_user');
    return true;
  });
  const configured = await client.sandbox.jobs.configuration.update({ type: 'data_sync_all', completion_status: 'error' });
  assert.equal(configured.completion_status, 'error');
  const configurations = await client.sandbox.jobs.configuration.retrieve();
  assert.equal(configurations[0].completion_status, 'error');
});

await check('webhooks.unwrap accepts a webhook the simulator signed and refuses a tampered one', async () => {
  const { deliveries } = await sim('POST', `/connections/${connectionId}/webhooks`, {
    event_type: 'account.updated',
    data: { status: 'connected', authentication_method: { type: 'oauth' } },
    deliver: false,
  });
  const { body, headers } = deliveries[0];
  const event = app.webhooks.unwrap(body, headers);
  assert.equal(event.event_type, 'account.updated');
  assert.equal(event.connection_id, connectionId);
  assert.throws(() => app.webhooks.unwrap(body.replace('connected', 'reauth'), headers));

  const rotated = 'c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=';
  await sim('POST', '/webhook-secret/rotate', { secret: rotated });
  try {
    const during = (await sim('POST', `/connections/${connectionId}/webhooks`, { event_type: 'test', deliver: false }))
      .deliveries[0];
    app.webhooks.unwrap(during.body, during.headers, webhookSecret);
    app.webhooks.unwrap(during.body, during.headers, rotated);
  } finally {
    await sim('POST', '/webhook-secret/reset');
  }
});

await check('account.disconnect ends the token', async () => {
  const client = forToken(sandboxToken);
  assert.equal((await client.account.disconnect()).status, 'success');
  await assert.rejects(client.account.introspect(), (error) => error instanceof AuthenticationError);
});

console.log(failures === 0 ? 'conformance: all checks passed' : `conformance: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
