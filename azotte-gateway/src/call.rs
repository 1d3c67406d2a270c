//! One endpoint call, in order: rate limits (429, on lanes that report
//! them), content type (415), auth (401 / 400),
//! forced scenario (`X-Gateway-Scenario`), query / path / body validation
//! (400 naming the field), idempotency (`crate::idempotency`: replay,
//! 422 for a reused key, 409 while the first is in flight), tenant and
//! record caps (429, `state::limits`), an optional `X-Gateway-Delay-Ms`,
//! behaviour (or an
//! example of the response type), then the answer in the lane's envelope
//! and the W2M events of the change.
//!
//! A failure's catalog code is answered as is when the endpoint documents
//! it; otherwise as the endpoint's documented code with the same HTTP status
//! (`CUSTOMER_NOT_FOUND` on M2M is `MNT-404-01`, `INVALID_REQUEST` is
//! `MNT-400-01`), else as a code of the lane's family with that status. The
//! gateway's own validation failures carry HTTP 400, so an API whose catalog
//! has no `INVALID_REQUEST` answers its own 400 code (Automatum's `"400"`).

use crate::auth::Rejection;
use crate::behaviour::{handler, Call};
use crate::envelope::{self, Meta};
use crate::example::example;
use crate::http::{json, key_refused, plain, unauthorized, App};
use crate::idempotency::{self, Begin, Claim, Key};
use crate::ratelimit;
use crate::routes::parse_query;
use crate::state::limits::records_full;
use crate::state::{lock, Fail, Tenant};
use crate::time::unix_now;
use crate::validate;
use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use azotte_spec::model::{Endpoint, Envelope, HeaderRole, Lane, Spec};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The request header forcing an outcome.
pub const SCENARIO_HEADER: &str = "x-gateway-scenario";
/// The request header delaying the processing of a call by a number of
/// milliseconds (after validation, while its idempotency key is in flight),
/// to emulate a slow backend: client timeouts, concurrent retries (409).
pub const DELAY_HEADER: &str = "x-gateway-delay-ms";
/// The longest delay [`DELAY_HEADER`] may ask for.
pub const MAX_DELAY_MS: u64 = 10_000;

/// A routed request.
#[derive(Debug)]
pub struct Input {
    /// Index of the lane in `spec.lanes`.
    pub lane: usize,
    /// Index of the endpoint in `lane.endpoints()`.
    pub endpoint: usize,
    /// Decoded path parameters.
    pub params: HashMap<String, String>,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
    /// The correlation id echoed.
    pub correlation_id: String,
}

struct Ctx<'a> {
    spec: &'a Spec,
    endpoint: &'a Endpoint,
    envelope: &'a Envelope,
    meta: Meta,
}

impl Ctx<'_> {
    fn fail(&self, fail: &Fail) -> Response {
        let code = resolve_code(self.spec, self.endpoint, self.envelope, fail);
        let status = self
            .spec
            .error(&code)
            .map_or(fail.http.unwrap_or(400), |e| e.http);
        let body = envelope::failure(
            self.spec,
            self.envelope,
            &code,
            &fail.message,
            fail.field.as_deref(),
            &self.meta,
        );
        json(status, envelope::content_type(self.envelope), &body)
    }
}

/// The code answered for `fail` on `endpoint` (see the module docs).
pub fn resolve_code(spec: &Spec, endpoint: &Endpoint, envelope: &Envelope, fail: &Fail) -> String {
    let code = fail.code.as_str();
    if endpoint.errors.iter().any(|c| c == code) {
        return code.to_owned();
    }
    let Some(http) = spec.error(code).map(|e| e.http).or(fail.http) else {
        return code.to_owned();
    };
    let http_of = |c: &str| spec.error(c).map(|e| e.http);
    if let Some(documented) = endpoint.errors.iter().find(|c| http_of(c) == Some(http)) {
        return documented.clone();
    }
    let moneti = envelope.severity.is_some();
    let same_family =
        |e: &&azotte_spec::model::ErrorCode| e.http == http && e.severity.is_some() == moneti;
    match spec.error(code).filter(|e| e.severity.is_some() == moneti) {
        Some(_) => code.to_owned(),
        None => spec
            .errors
            .iter()
            .find(same_family)
            .map_or_else(|| code.to_owned(), |e| e.code.clone()),
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Answers one routed endpoint call.
pub async fn handle(app: &App, input: Input) -> Response {
    let spec = &app.spec;
    let Some(lane) = spec.lanes.get(input.lane) else {
        return plain(500, "route table out of sync with the spec");
    };
    let Some(endpoint) = lane.endpoints().nth(input.endpoint) else {
        return plain(500, "route table out of sync with the spec");
    };
    let Some(envelope) = lane.envelope.as_deref().and_then(|e| spec.envelope(e)) else {
        return plain(500, format!("lane {} has no known envelope", lane.name));
    };
    let ctx = Ctx {
        spec,
        endpoint,
        envelope,
        meta: Meta {
            correlation_id: input.correlation_id.clone(),
            path: input.path.clone(),
            ..Meta::default()
        },
    };
    let Some(names) = ratelimit::headers_of(spec, lane) else {
        return serve(app, lane, ctx, input).await;
    };
    let credential = ratelimit::credential(spec, lane, &input.headers);
    let verdict = app.rate_limits.take(&credential, unix_now());
    let mut response = match verdict.retry_after {
        Some(seconds) => too_many(&ctx, seconds),
        None => serve(app, lane, ctx, input).await,
    };
    ratelimit::annotate(&mut response, names, &verdict);
    response
}

/// 429 in the lane's envelope with the catalog's 429 code, plus the delay
/// (see `crate::ratelimit`); plain text when the catalog has no 429.
fn too_many(ctx: &Ctx<'_>, seconds: u64) -> Response {
    let fail = Fail {
        http: Some(429),
        ..Fail::new("", ratelimit::EXCEEDED_MESSAGE)
    };
    let code = resolve_code(ctx.spec, ctx.endpoint, ctx.envelope, &fail);
    if ctx.spec.error(&code).is_none() {
        return plain(429, ratelimit::EXCEEDED_MESSAGE);
    }
    let mut body = envelope::failure(
        ctx.spec,
        ctx.envelope,
        &code,
        ratelimit::EXCEEDED_MESSAGE,
        None,
        &ctx.meta,
    );
    // Where the spec's envelope says a retry delay lives (Automatum:
    // `retryAfter`, document 003); the `Retry-After` header carries it anyway.
    if let Some(key) = &ctx.envelope.retry_after {
        body[key.as_str()] = seconds.into();
    }
    json(429, envelope::content_type(ctx.envelope), &body)
}

/// The call past the rate limits: content type, auth, validation, behaviour.
async fn serve(app: &App, lane: &Lane, mut ctx: Ctx<'_>, input: Input) -> Response {
    let (spec, endpoint, envelope) = (ctx.spec, ctx.endpoint, ctx.envelope);
    let has_body = !input.body.iter().all(u8::is_ascii_whitespace);
    if endpoint.request.is_some() && has_body {
        match input
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
        {
            Some(ct) if is_json(ct) => {}
            Some(ct) => {
                return plain(
                    415,
                    format!("unsupported content type `{ct}`: send the body as application/json"),
                )
            }
            None => {
                return plain(
                    415,
                    "missing Content-Type: send the body as application/json",
                )
            }
        }
    }
    let path_and_query = match &input.query {
        Some(q) => format!("{}?{q}", input.path),
        None => input.path.clone(),
    };
    let principal = match app.auth.check(
        spec,
        lane,
        &input.headers,
        &input.method,
        &path_and_query,
        &input.body,
    ) {
        Ok(p) => p,
        Err(rejection) => return reject(&ctx, rejection),
    };
    ctx.meta.partner = principal.partner.clone();
    ctx.meta.region = spec
        .headers
        .iter()
        .filter(|h| h.role == HeaderRole::RegionOverride)
        .find_map(|h| input.headers.get(h.name.as_str()))
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 16);
    if let Some(response) = scenario(&mut ctx, &input.headers) {
        return response;
    }
    let query = parse_query(input.query.as_deref());
    if let Err(issue) = validate::query(spec, &endpoint.query_params, &query) {
        return ctx.fail(&Fail::invalid(&issue.field, issue.message));
    }
    for param in &endpoint.path_params {
        let value = input
            .params
            .get(&param.wire_name)
            .map_or("", String::as_str);
        if let Err(why) = validate::scalar(spec, &param.ty, value) {
            let name = &param.wire_name;
            return ctx.fail(&Fail::invalid(name, format!("path parameter {name} {why}")));
        }
    }
    let body = match parse_body(&ctx, &input.body, has_body) {
        Ok(b) => b,
        Err(fail) => return ctx.fail(&fail),
    };
    let delay = match delay(&input.headers) {
        Ok(d) => d,
        Err(message) => return plain(400, message),
    };
    let key = idempotency::key(
        spec,
        endpoint,
        |name| {
            input
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        },
        &input.params,
        &query,
        &body,
    );
    let tenant = match app
        .store
        .tenant_within(&principal.tenant, app.config.max_tenants)
    {
        Ok(t) => t,
        Err(fail) => return ctx.fail(&fail),
    };
    // Reads and deletions pass at the caps (they free records); see `state::limits`.
    let write = !matches!(input.method.as_str(), "GET" | "HEAD" | "DELETE");
    let claim = match admit(app, &ctx, &tenant, key, write) {
        Ok(claim) => claim,
        Err(refused) => return *refused,
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut tenant = lock(&tenant);
    // This call's own key slot is counted when the call ends (see `admit`).
    let held = tenant
        .records()
        .saturating_sub(usize::from(claim.is_some()));
    let mut call = Call {
        store: &app.store,
        tenant: &mut tenant,
        body: &body,
        params: &input.params,
        query: &query,
        path: &input.path,
        partner: principal.partner.as_deref(),
        events: Vec::new(),
        links: Map::new(),
    };
    let outcome = match handler(&lane.name, &endpoint.name) {
        Some(behaviour) => behaviour(&mut call),
        None => Ok(endpoint
            .response
            .as_ref()
            .map_or(Value::Null, |ty| example(spec, ty))),
    };
    let (events, links) = (
        std::mem::take(&mut call.events),
        std::mem::take(&mut call.links),
    );
    let payload = match outcome {
        Ok(payload) => payload,
        Err(fail) => {
            if let Some(claim) = claim {
                claim.release(&mut tenant); // a corrected retry may run
            }
            app.count_records(held, tenant.records());
            // A failed call changes nothing it acknowledges, but whatever
            // it touched is still written, so memory and file agree.
            let stored = app.store.commit(&mut tenant, &[]);
            drop(tenant);
            return match stored {
                Ok(()) => ctx.fail(&fail),
                Err(why) => unstored(&ctx, &why),
            };
        }
    };
    ctx.meta.links = links;
    let status = match &ctx.meta.warning {
        Some((code, _)) => spec.error(code).map_or(endpoint.success, |e| e.http),
        None => endpoint.success,
    };
    ctx.meta.http = status;
    let answer = envelope::success(spec, envelope, &endpoint.payload, payload, &ctx.meta);
    if let Some(claim) = claim {
        claim.finish(&mut tenant, status, &answer, unix_now());
    }
    app.count_records(held, tenant.records());
    let deliveries = app.webhooks.plan(spec, events, &input.correlation_id);
    let stored = app.store.commit(&mut tenant, &deliveries);
    drop(tenant);
    if let Err(why) = stored {
        return unstored(&ctx, &why);
    }
    app.webhooks.send(deliveries);
    json(status, envelope::content_type(envelope), &answer)
}

/// Decides, under the tenant's lock, whether a call may run: an
/// idempotent replay answers now (a cap never refuses it: it adds nothing),
/// a reused or in-flight key is refused (422 / 409), and a write past a
/// record cap is refused with 429 (stored idempotent answers count as
/// records). A call that may run gets its key marked in flight (the
/// returned [`Claim`]); a refusal is the answer, boxed. Record accounting: the slot of a running call is
/// not counted until the call ends (`serve` counts it then), so a slot
/// released by a failure or by a client gone during the delay needs no
/// correction; an expired answer the slot replaced is uncounted here.
fn admit(
    app: &App,
    ctx: &Ctx<'_>,
    tenant: &Arc<Mutex<Tenant>>,
    key: Option<Key>,
    write: bool,
) -> Result<Option<Claim>, Box<Response>> {
    let mut t = lock(tenant);
    let held = t.records();
    if let Some(key) = &key {
        match idempotency::begin(&mut t, key, unix_now()) {
            Begin::Run => {}
            Begin::Replay(status, body) => {
                return Err(Box::new(json(
                    status,
                    envelope::content_type(ctx.envelope),
                    &body,
                )))
            }
            Begin::Reused => {
                return Err(Box::new(ctx.fail(&Fail {
                    http: Some(422),
                    ..Fail::new(
                        idempotency::code_for(ctx.endpoint, idempotency::REUSED),
                        format!(
                            "{} was already used for a different request; resend that request unchanged to get its answer, or use a new key",
                            key.what
                        ),
                    )
                })))
            }
            Begin::InProgress => {
                return Err(Box::new(ctx.fail(&Fail {
                    http: Some(409),
                    ..Fail::new(
                        idempotency::code_for(ctx.endpoint, idempotency::IN_PROGRESS),
                        format!(
                            "the first request with {} is still being processed; retry later with the same key",
                            key.what
                        ),
                    )
                })))
            }
        }
    }
    let full = if !write {
        None
    } else if held >= app.config.max_records_per_tenant {
        let max = app.config.max_records_per_tenant;
        Some(records_full(max, "per tenant (--max-records)"))
    } else if app.records.load(Ordering::Relaxed) >= app.config.max_records {
        let max = app.config.max_records;
        Some(records_full(max, "in all tenants (--max-records-total)"))
    } else {
        None
    };
    if let Some(fail) = full {
        if let Some(key) = &key {
            idempotency::release(&mut t, key);
        }
        app.count_records(held, t.records());
        return Err(Box::new(ctx.fail(&fail)));
    }
    let claim = key.map(|key| Claim::new(tenant.clone(), key));
    app.count_records(held, t.records() - usize::from(claim.is_some()));
    Ok(claim)
}

/// A change the state file did not take: 500, so it is not acknowledged.
fn unstored(ctx: &Ctx<'_>, why: &str) -> Response {
    eprintln!("azotte-gateway: {why}");
    ctx.fail(&Fail {
        http: Some(500),
        ..Fail::new(
            "INTERNAL_SERVER_ERROR",
            "the gateway could not write its state file; the change was not kept",
        )
    })
}

/// The processing delay a request asks for with [`DELAY_HEADER`] (none by
/// default); a value that is not a number of milliseconds up to
/// [`MAX_DELAY_MS`] is refused with the message of the plain-text 400.
fn delay(headers: &HeaderMap) -> Result<Duration, String> {
    let Some(raw) = headers.get(DELAY_HEADER) else {
        return Ok(Duration::ZERO);
    };
    match raw.to_str().ok().and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(ms) if ms <= MAX_DELAY_MS => Ok(Duration::from_millis(ms)),
        _ => Err(format!(
            "X-Gateway-Delay-Ms must be a number of milliseconds from 0 to {MAX_DELAY_MS}"
        )),
    }
}

fn reject(ctx: &Ctx<'_>, rejection: Rejection) -> Response {
    match rejection {
        Rejection::Unauthorized => unauthorized(),
        Rejection::KeyRefused { header, refusal } => key_refused(&header, refusal),
        Rejection::UnauthorizedEnvelope(message) => {
            match ctx.spec.errors.iter().find(|e| e.http == 401) {
                Some(code) => {
                    let body = envelope::failure(
                        ctx.spec,
                        ctx.envelope,
                        &code.code,
                        &message,
                        Some("Authorization"),
                        &ctx.meta,
                    );
                    json(401, envelope::content_type(ctx.envelope), &body)
                }
                None => unauthorized(),
            }
        }
        Rejection::MissingHeader(name) => ctx.fail(&Fail::invalid(
            &name,
            format!("the {name} header is required"),
        )),
    }
}

/// Applies `X-Gateway-Scenario`: an error code answers now; a WARNING code
/// marks the success; an unknown code is a plain 400.
fn scenario(ctx: &mut Ctx<'_>, headers: &HeaderMap) -> Option<Response> {
    let raw = headers.get(SCENARIO_HEADER)?;
    let code = raw.to_str().unwrap_or("").trim();
    let Some(known) = ctx.spec.error(code) else {
        return Some(plain(
            400,
            format!("unknown X-Gateway-Scenario `{code}`: not a code of the spec's error catalog (e.g. CUSTOMER_NOT_FOUND, MNT-409-02)"),
        ));
    };
    let message = format!("forced by X-Gateway-Scenario: {}", known.code);
    if known.severity.as_deref() == Some("WARNING") {
        ctx.meta.warning = Some((known.code.clone(), message));
        return None;
    }
    let body = envelope::failure(
        ctx.spec,
        ctx.envelope,
        &known.code,
        &message,
        None,
        &ctx.meta,
    );
    Some(json(
        known.http,
        envelope::content_type(ctx.envelope),
        &body,
    ))
}

fn parse_body(ctx: &Ctx<'_>, bytes: &[u8], has_body: bool) -> Result<Value, Fail> {
    let Some(ty) = &ctx.endpoint.request else {
        return Ok(Value::Null);
    };
    let documents_bad_request = ctx.endpoint.errors.iter().any(|c| c == "BAD_REQUEST");
    let null_code = if documents_bad_request {
        "BAD_REQUEST"
    } else {
        "INVALID_REQUEST"
    };
    if !has_body {
        return Err(Fail {
            field: Some("body".into()),
            http: Some(400),
            ..Fail::new(null_code, "a JSON request body is required")
        });
    }
    let mut value: Value = serde_json::from_slice(bytes)
        .map_err(|e| Fail::invalid("body", format!("the request body is not valid JSON: {e}")))?;
    validate::canonical_names(ctx.spec, ty, &mut value);
    validate::body(ctx.spec, ty, &value).map_err(|issue| Fail {
        code: if issue.null_node {
            null_code
        } else {
            "INVALID_REQUEST"
        }
        .to_owned(),
        message: issue.message,
        field: Some(issue.field),
        http: Some(400),
    })?;
    Ok(value)
}
