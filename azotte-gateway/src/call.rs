//! One endpoint call, in order: rate limits (429, on lanes that report
//! them), content type (415), auth (401 / 400),
//! forced scenario (`X-Gateway-Scenario`), query / path / body validation
//! (400 naming the field), tenant and record caps (429, `state::limits`),
//! `Idempotency-Key` replay, behaviour (or an
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
use crate::ratelimit;
use crate::routes::parse_query;
use crate::state::limits::records_full;
use crate::state::{lock, Fail};
use crate::time::unix_now;
use crate::validate;
use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use azotte_spec::model::{Endpoint, Envelope, HeaderRole, Idempotency, Lane, Spec};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::Ordering;

/// The request header forcing an outcome.
pub const SCENARIO_HEADER: &str = "x-gateway-scenario";

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
pub fn handle(app: &App, input: Input) -> Response {
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
        return serve(app, lane, ctx, input);
    };
    let credential = ratelimit::credential(spec, lane, &input.headers);
    let verdict = app.rate_limits.take(&credential, unix_now());
    let mut response = match verdict.retry_after {
        Some(seconds) => too_many(&ctx, seconds),
        None => serve(app, lane, ctx, input),
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
fn serve(app: &App, lane: &Lane, mut ctx: Ctx<'_>, input: Input) -> Response {
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
    let idempotency_key = match &endpoint.idempotency {
        Some(Idempotency::Header(name)) => input
            .headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .map(|k| format!("{}:{k}", endpoint.id)),
        _ => None,
    };
    let tenant = match app
        .store
        .tenant_within(&principal.tenant, app.config.max_tenants)
    {
        Ok(t) => t,
        Err(fail) => return ctx.fail(&fail),
    };
    let mut tenant = lock(&tenant);
    if let Some((status, body)) = idempotency_key
        .as_ref()
        .and_then(|k| tenant.idempotent.get(k))
    {
        return json(*status, envelope::content_type(envelope), body);
    }
    // Reads and deletions pass at the caps (they free records); see `state::limits`.
    let held = tenant.records();
    if !matches!(input.method.as_str(), "GET" | "HEAD" | "DELETE") {
        let (per_tenant, total) = (app.config.max_records_per_tenant, app.config.max_records);
        if held >= per_tenant {
            return ctx.fail(&records_full(per_tenant, "per tenant (--max-records)"));
        }
        if app.records.load(Ordering::Relaxed) >= total {
            return ctx.fail(&records_full(total, "in all tenants (--max-records-total)"));
        }
    }
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
    app.count_records(held, tenant.records());
    let payload = match outcome {
        Ok(payload) => payload,
        Err(fail) => return ctx.fail(&fail),
    };
    ctx.meta.links = links;
    let status = match &ctx.meta.warning {
        Some((code, _)) => spec.error(code).map_or(endpoint.success, |e| e.http),
        None => endpoint.success,
    };
    ctx.meta.http = status;
    let answer = envelope::success(spec, envelope, &endpoint.payload, payload, &ctx.meta);
    if let Some(key) = idempotency_key {
        tenant.idempotent.insert(key, (status, answer.clone()));
        app.count_records(0, 1);
    }
    drop(tenant);
    app.webhooks.emit(spec, events, &input.correlation_id);
    json(status, envelope::content_type(envelope), &answer)
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
