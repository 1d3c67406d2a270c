//! `cargo xtask synth --endpoints N`: a synthetic spec of realistic shape for
//! the benchmarks (`BENCHMARKS.md`). Deterministic: the same `N` always gives
//! the same bytes (no clock, no randomness, no hash-map order).
//!
//! Shape, per endpoint: a request body of 6 fields (a newtype id, a nested
//! object, a `list<string>`, an enum, optional fields, a map) — or, for one
//! endpoint in four, a path parameter plus 4 query parameters —, a response of
//! 8 fields (with a list of the nested object, a nullable and an optional
//! field), 3 documented error codes out of a catalog of 12. Endpoints come 8 to
//! an area; areas are dealt round-robin to 4 outbound lanes, each with its own
//! auth scheme (API key, OAuth2 client credentials, bearer token, HMAC request
//! signature) and one of two envelopes; an inbound webhook lane carries one
//! event per area. Everything the validator checks holds, so the spec loads.

use std::fmt::Write as _;

/// Endpoints per area.
pub const PER_AREA: usize = 8;

/// (name, title, auth scheme, envelope) of the outbound lanes.
const LANES: [(&str, &str, &str, &str); 4] = [
    ("store", "Store — storefront backends", "api_key", "general"),
    ("ops", "Ops — service to service", "service", "wrapped"),
    ("portal", "Portal — operator sessions", "session", "wrapped"),
    (
        "partner",
        "Partner — signed partner calls",
        "partner",
        "general",
    ),
];

const NOUNS: [&str; 16] = [
    "customer", "invoice", "order", "product", "payment", "refund", "shipment", "coupon", "plan",
    "account", "ledger", "voucher", "bundle", "tenant", "report", "device",
];

/// (verb, HTTP method, body?) of the endpoints of an area, in order.
const VERBS: [(&str, &str); PER_AREA] = [
    ("create", "POST"),
    ("get", "GET"),
    ("replace", "PUT"),
    ("submit", "POST"),
    ("amend", "PATCH"),
    ("find", "GET"),
    ("approve", "POST"),
    ("archive", "POST"),
];

/// (code, HTTP status) of the error catalog.
const ERRORS: [(&str, u16); 12] = [
    ("BAD_REQUEST", 400),
    ("INVALID_REQUEST", 400),
    ("UNAUTHORIZED_CALLER", 401),
    ("PAYMENT_REQUIRED", 402),
    ("FORBIDDEN", 403),
    ("NOT_FOUND", 404),
    ("CONFLICT", 409),
    ("GONE", 410),
    ("UNPROCESSABLE", 422),
    ("RATE_LIMITED", 429),
    ("INTERNAL_ERROR", 500),
    ("UNAVAILABLE", 503),
];

const STATES: [&str; 5] = ["Draft", "Active", "Suspended", "Closed", "Archived"];

/// `snake_case` → `PascalCase`.
pub(crate) fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `snake_case` → `camelCase`.
pub(crate) fn camel(snake: &str) -> String {
    let p = pascal(snake);
    let mut c = p.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Area `k`: its resource noun, made unique with a suffix once the nouns run out.
fn area_noun(k: usize) -> String {
    let noun = NOUNS[k % NOUNS.len()];
    match k / NOUNS.len() {
        0 => noun.to_owned(),
        n => format!("{noun}_{n}"),
    }
}

/// The spec's files (name, YAML), sorted by name: `api.yaml` with the shared
/// sections, one file per lane with its areas and the types they use.
pub fn synth(endpoints: usize) -> Vec<(String, String)> {
    let areas = endpoints.div_ceil(PER_AREA);
    let mut files = vec![("api.yaml".to_owned(), api_yaml(endpoints))];
    let mut lane_docs: Vec<(String, String, String)> = LANES
        .iter()
        .map(|(name, title, auth, envelope)| {
            let mut lanes = String::new();
            let _ = write!(
                lanes,
                "lanes:\n  {name}:\n    title: {title}\n    doc: Synthetic lane `{name}` for the benchmarks.\n    base_path: /{name}/{{version}}\n    environments: [production, sandbox]\n    auth: [{auth}]\n    envelope: {envelope}\n    headers: [X-Request-Id, Idempotency-Key]\n    areas:\n"
            );
            (name.to_string(), lanes, String::from("types:\n"))
        })
        .collect();
    let mut events = String::new();
    let mut hook_types = String::from("types:\n");
    let mut done = 0;
    for k in 0..areas {
        let count = PER_AREA.min(endpoints - done);
        let (lane, lanes, types) = &mut lane_docs[k % LANES.len()];
        area(k, count, done, lane, lanes, types);
        let noun = area_noun(k);
        let _ = writeln!(
            events,
            "      - {{ type: {}.changed, payload: {}Event, doc: \"A {} changed.\" }}",
            noun.replace('_', "-"),
            pascal(&noun),
            noun.replace('_', " ")
        );
        let _ = write!(
            hook_types,
            "  {p}Event:\n    doc: Data of the `{n}.changed` event.\n    fields:\n      {c}Urn: {p}Urn\n      state: {p}State\n      changedAt: datetime\n      previous: {{ type: {p}State, optional: true }}\n",
            p = pascal(&noun),
            n = noun.replace('_', "-"),
            c = camel(&noun)
        );
        done += count;
    }
    for (lane, lanes, types) in lane_docs {
        if lanes.ends_with("areas:\n") {
            continue; // fewer areas than lanes: this lane gets none
        }
        files.push((format!("lane-{lane}.yaml"), format!("{lanes}\n{types}")));
    }
    if areas > 0 {
        let hooks = format!(
            "lanes:\n  hooks:\n    title: Hooks — webhooks to you\n    doc: Synthetic inbound lane.\n    direction: inbound\n    base_path: /hooks\n    auth: [webhook]\n    event_type_field: type\n    event_data_field: data\n    events:\n{events}\n{hook_types}"
        );
        files.push(("lane-hooks.yaml".to_owned(), hooks));
    }
    files.sort();
    files
}

/// The shared sections; `{N}` is the endpoint count.
const API_YAML: &str = r#"# Synthetic spec for the benchmarks: {N} endpoints (`cargo xtask synth --endpoints {N}`).
api:
  name: synth
  title: Synth
  version: v1
  doc: A synthetic API of {N} endpoints, shaped like a billing platform.

environments:
  production: { url: "https://api.synth.example/api", doc: Production. }
  sandbox: { url: "https://{tenant}.sandbox.synth.example/api", doc: Per-tenant sandbox. }

headers:
  X-Request-Id: { role: correlation_id, generate: uuid_v4, doc: Traces a request. }
  Idempotency-Key: { role: idempotency_key, generate: uuid_v4, doc: Makes a write safe to repeat. }

auth:
  api_key:
    kind: api_key
    doc: A tenant API key.
    headers:
      x-api-key: { from: api_key, secret: true }
      x-tenant: { from: tenant }
  service:
    kind: oauth2_client_credentials
    doc: Service tokens.
    token_path: /oauth/token
    token_request: form
    refresh_before_seconds: 60
  session:
    kind: bearer_token
    doc: Operator sessions.
  partner:
    kind: hmac_request_signature
    doc: Signed partner calls.
    key_header: X-Partner-Key
    signature_header: X-Partner-Signature
    timestamp_header: X-Partner-Timestamp
    signed: [timestamp, body]
    encoding: hex
  webhook:
    kind: hmac_webhook
    doc: Signed deliveries.
    signature_header: X-Synth-Signature
    timestamp_header: X-Synth-Timestamp
    signed: [timestamp, body]
    encoding: hex
    tolerance_seconds: 300

"#;

/// The two envelopes every generated benchmark spec declares, and the
/// `errors:` catalog of `errors` (code, HTTP status), appended to `y`:
/// shared by this synthetic spec and the neutral model (`bench_model`).
pub(crate) fn push_envelopes_and_errors(y: &mut String, errors: &[(&str, u16)]) {
    y.push_str(ENVELOPES_YAML);
    for (code, http) in errors {
        let _ = writeln!(
            y,
            "  {code}: {{ http: {http}, doc: \"The call failed: {}.\" }}",
            code.to_lowercase().replace('_', " ")
        );
    }
}

/// `envelopes:` of the benchmark specs, then the `errors:` key its catalog follows.
const ENVELOPES_YAML: &str = r#"envelopes:
  general:
    doc: Payload under `result`, outcome in `status`.
    payload: result
    status: { object: status, code: messageCode, message: message, success_codes: [SUCCESS] }
  wrapped:
    doc: Payload under `data`, severity-based outcome, diagnostics.
    payload: data
    status: { object: status, code: messageCode, message: message, severity: severity, success_severities: [SUCCESS, WARNING] }
    diagnostics: { object: diagnostics, correlation_id: correlationId }
    errors: errors
    warnings: warnings

errors:
"#;

fn api_yaml(endpoints: usize) -> String {
    let mut y = API_YAML.replace("{N}", &endpoints.to_string());
    push_envelopes_and_errors(&mut y, &ERRORS);
    y.push_str(
        "\ntypes:\n  Money:\n    newtype: i64\n    arithmetic: true\n    doc: An amount in minor units.\n",
    );
    y
}

/// Area `k` of `lane`: `count` endpoints numbered from `first`, appended to the
/// lane's `areas:` and `types:`.
fn area(k: usize, count: usize, first: usize, lane: &str, lanes: &mut String, types: &mut String) {
    let noun = area_noun(k);
    let (np, nc) = (pascal(&noun), camel(&noun));
    let words = noun.replace('_', " ");
    let _ = write!(
        lanes,
        "      {noun}s:\n        title: {np}s\n        doc: Everything about {words}s.\n        endpoints:\n"
    );
    let _ = write!(
        types,
        "  {np}Urn: {{ newtype: string, doc: Identifies a {words}., example: {nc}.00.001 }}\n  {np}State:\n    enum: string\n    doc: Where a {words} is in its life cycle.\n    values:\n"
    );
    for s in STATES {
        let _ = writeln!(
            types,
            "      - {{ value: {s}, doc: The {words} is {}. }}",
            s.to_lowercase()
        );
    }
    for (j, (verb, method)) in VERBS.iter().take(count).enumerate() {
        let i = first + j;
        let name = format!("{verb}_{noun}");
        let ep = pascal(&name);
        let errors: Vec<&str> = [i % 12, (i + 4) % 12, (i + 8) % 12]
            .iter()
            .map(|&e| ERRORS[e].0)
            .collect();
        let _ = write!(
            lanes,
            "          - id: {}-{k:04}-{j:02}\n            name: {name}\n            method: {method}\n            summary: {} a {words}\n            doc: Synthetic endpoint {i} ({verb} a {words}).\n",
            lane.to_uppercase(),
            pascal(verb)
        );
        if *method == "GET" {
            let _ = write!(
                lanes,
                "            path: /{noun}s/{{{nc}Urn}}/{verb}\n            params:\n              {nc}Urn: {{ in: path, type: {np}Urn }}\n              state: {{ in: query, type: {np}State, optional: true }}\n              limit: {{ in: query, type: u32, optional: true }}\n              cursor: {{ in: query, type: string, optional: true }}\n              since: {{ in: query, type: datetime, optional: true, doc: Only changes after this instant. }}\n"
            );
        } else {
            let _ = write!(
                lanes,
                "            path: /{noun}s/{verb}\n            request: {ep}Request\n"
            );
            if j == 0 {
                lanes.push_str("            idempotency: { header: Idempotency-Key }\n");
            }
        }
        let _ = write!(
            lanes,
            "            response: {ep}Response\n            errors: [{}]\n",
            errors.join(", ")
        );
        let _ = write!(
            types,
            "  {ep}Line:\n    doc: One line of {name}.\n    fields:\n      label: string\n      amount: Money\n      currency: {{ type: string, optional: true, example: EUR }}\n      note: {{ type: string, optional: true }}\n"
        );
        if *method != "GET" {
            let _ = write!(
                types,
                "  {ep}Request:\n    doc: Body of {name}.\n    fields:\n      {nc}Urn: {np}Urn\n      line: {{ type: {ep}Line, doc: The line to apply. }}\n      tags: {{ type: \"list<string>\", optional: true }}\n      state: {np}State\n      quantity: {{ type: u32, optional: true }}\n      metadata: {{ type: \"map<string>\", optional: true }}\n"
            );
        }
        let _ = write!(
            types,
            "  {ep}Response:\n    doc: Result of {name}.\n    fields:\n      {nc}Urn: {np}Urn\n      name: string\n      state: {np}State\n      createdAt: datetime\n      updatedAt: {{ type: datetime, nullable: true }}\n      total: Money\n      lines: \"list<{ep}Line>\"\n      description: {{ type: string, optional: true }}\n"
        );
    }
}

/// Writes the spec's files into `dir` (created; stale `*.yaml` files removed).
pub fn write(dir: &std::path::Path, endpoints: usize) -> Result<(), String> {
    write_files(dir, &synth(endpoints))
}

/// Writes `files` (name, text) into `dir`, created, after removing the
/// `*.yaml` files a larger spec may have left there.
pub(crate) fn write_files(dir: &std::path::Path, files: &[(String, String)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "yaml") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The spec as in-memory sources, named like the files `write` creates.
pub fn sources(endpoints: usize) -> Vec<azotte_spec::Source> {
    synth(endpoints)
        .into_iter()
        .map(|(name, text)| azotte_spec::Source { name, text })
        .collect()
}
