//! The neutral benchmark model of `cargo xtask bench compare` (issue 18):
//! N operations of a CRUD-shaped API, written as our YAML spec. The OpenAPI
//! 3.0 document progenitor reads is the translation of the same loaded spec
//! ([`crate::openapi30`]), so both generators see the same operations, types
//! and fields by construction.
//!
//! Deterministic: a fixed seed drives a small SplitMix64 generator, so the
//! same N always gives the same bytes. Shapes, per area of 6 operations (list,
//! get, create, update, delete, one action), dealt round-robin to two lanes
//! with different envelopes and auth:
//! - a resource object of 9–12 fields: an id newtype, a status enum of 3–6
//!   values, a nullable timestamp, a nested detail object (itself holding an
//!   address object in one area in two), a list of line objects, and 2–5
//!   scalar, optional, list or map fields drawn from a pool;
//! - list: 2–5 optional query parameters, a page object (items, cursor, total);
//! - get / update / delete / action: a path parameter;
//! - create / update / action: a request body of their own (update's fields
//!   all optional), action and delete a response object of their own;
//! - 3–4 error codes per operation, each with a different HTTP status.
//!
//! No webhooks: OpenAPI 3.0 cannot describe them, and progenitor reads 3.0.

use crate::synth::{camel, pascal};
use std::fmt::Write as _;

/// The seed of every model (any fixed value would do; this one names the issue).
const SEED: u64 = 0x0A20_7E00_0000_0018;

/// Operations per area.
pub const PER_AREA: usize = 6;

/// SplitMix64: deterministic, good enough to vary shapes, ten lines.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    /// `lo..=hi` distinct indices below `n`, in ascending order.
    fn some(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.pick(n, k)
    }
    /// `k` distinct indices below `n`, in ascending order.
    fn pick(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = self.range(i, n - 1);
            all.swap(i, j);
        }
        let mut chosen = all[..k.min(n)].to_vec();
        chosen.sort_unstable();
        chosen
    }
}

/// (name, auth scheme, envelope) of the lanes.
const LANES: [(&str, &str, &str); 2] = [
    ("catalog", "api_key", "general"),
    ("billing", "session", "wrapped"),
];

const NOUNS: [&str; 12] = [
    "customer", "invoice", "order", "product", "payment", "shipment", "coupon", "plan", "account",
    "voucher", "tenant", "device",
];

/// (code, HTTP status) of the error catalog: 9 statuses.
const ERRORS: [(&str, u16); 12] = [
    ("BAD_REQUEST", 400),
    ("INVALID_FIELD", 400),
    ("UNAUTHORIZED_CALLER", 401),
    ("FORBIDDEN", 403),
    ("NOT_FOUND", 404),
    ("CONFLICT", 409),
    ("VERSION_MISMATCH", 409),
    ("UNPROCESSABLE", 422),
    ("RATE_LIMITED", 429),
    ("INTERNAL_ERROR", 500),
    ("DEPENDENCY_FAILED", 502),
    ("UNAVAILABLE", 503),
];

const STATES: [&str; 6] = [
    "Draft",
    "Active",
    "Pending",
    "Suspended",
    "Closed",
    "Archived",
];

const ACTIONS: [&str; 4] = ["approve", "cancel", "renew", "transfer"];

/// (wire name, type) of the extra fields a resource or request draws from.
const EXTRA: [(&str, &str); 10] = [
    ("description", "{ type: string, optional: true }"),
    ("amount", "i64"),
    ("quantity", "u32"),
    ("enabled", "bool"),
    ("email", "{ type: string, optional: true }"),
    ("rank", "{ type: u32, optional: true }"),
    ("labels", "{ type: \"list<string>\", optional: true }"),
    ("attributes", "{ type: \"map<string>\", optional: true }"),
    ("reference", "{ type: uuid, optional: true }"),
    ("ratio", "{ type: f64, optional: true }"),
];

fn area_noun(k: usize) -> String {
    let noun = NOUNS[k % NOUNS.len()];
    match k / NOUNS.len() {
        0 => noun.to_owned(),
        n => format!("{noun}_{n}"),
    }
}

/// The spec's files (name, YAML), sorted by name: `api.yaml`, one file per lane.
pub fn model(operations: usize) -> Vec<(String, String)> {
    let mut rng = Rng(SEED);
    let areas = operations.div_ceil(PER_AREA);
    let mut lanes: Vec<(String, String)> = LANES
        .iter()
        .map(|(name, auth, envelope)| {
            (
                format!(
                    "lanes:\n  {name}:\n    title: {t}\n    doc: Lane `{name}` of the benchmark model.\n    base_path: /{name}/{{version}}\n    environments: [production]\n    auth: [{auth}]\n    envelope: {envelope}\n    headers: [X-Request-Id]\n    areas:\n",
                    t = pascal(name)
                ),
                String::from("types:\n"),
            )
        })
        .collect();
    let mut done = 0;
    for k in 0..areas {
        let count = PER_AREA.min(operations - done);
        let lane = k % LANES.len();
        let (areas_yaml, types_yaml) = &mut lanes[lane];
        area(&mut rng, k, count, LANES[lane].0, areas_yaml, types_yaml);
        done += count;
    }
    let mut files = vec![("api.yaml".to_owned(), api_yaml(operations))];
    for ((name, _, _), (areas_yaml, types_yaml)) in LANES.iter().zip(lanes) {
        if !areas_yaml.ends_with("areas:\n") {
            files.push((
                format!("lane-{name}.yaml"),
                format!("{areas_yaml}\n{types_yaml}"),
            ));
        }
    }
    files.sort();
    files
}

const API_YAML: &str = r#"# The neutral benchmark model: {N} operations (`cargo xtask bench compare`).
api:
  name: model
  title: Model
  version: v1
  doc: The neutral benchmark model, {N} operations.

environments:
  production: { url: "https://api.model.example/api", doc: Production. }

headers:
  X-Request-Id: { role: correlation_id, generate: uuid_v4, doc: Traces a request. }

auth:
  api_key:
    kind: api_key
    doc: A tenant API key.
    headers:
      x-api-key: { from: api_key, secret: true }
  session:
    kind: bearer_token
    doc: Operator sessions.

"#;

fn api_yaml(operations: usize) -> String {
    let mut y = API_YAML.replace("{N}", &operations.to_string());
    crate::synth::push_envelopes_and_errors(&mut y, &ERRORS);
    y
}

/// 3–4 error codes with different HTTP statuses.
fn errors(rng: &mut Rng) -> String {
    let mut statuses: Vec<u16> = ERRORS.iter().map(|e| e.1).collect();
    statuses.dedup();
    let codes: Vec<&str> = rng
        .some(statuses.len(), 3, 4)
        .into_iter()
        .map(|s| {
            let with: Vec<&str> = ERRORS
                .iter()
                .filter(|e| e.1 == statuses[s])
                .map(|e| e.0)
                .collect();
            with[rng.range(0, with.len() - 1)]
        })
        .collect();
    codes.join(", ")
}

/// `count` fields drawn from [`EXTRA`], as YAML lines at field indentation.
fn extra_fields(rng: &mut Rng, lo: usize, hi: usize, optional: bool) -> String {
    let mut out = String::new();
    for i in rng.some(EXTRA.len(), lo, hi) {
        let (name, ty) = EXTRA[i];
        let ty = match (optional, ty.starts_with('{')) {
            (true, false) => format!("{{ type: {ty}, optional: true }}"),
            _ => ty.to_owned(),
        };
        let _ = writeln!(out, "      {name}: {ty}");
    }
    out
}

/// Area `k` of `lane`: its operations appended to `areas`, its types to `types`.
fn area(rng: &mut Rng, k: usize, count: usize, lane: &str, areas: &mut String, types: &mut String) {
    let noun = area_noun(k);
    let (np, nc) = (pascal(&noun), camel(&noun));
    let words = noun.replace('_', " ");
    let id = format!("{np}Id");
    let states: Vec<&str> = rng
        .some(STATES.len(), 3, 6)
        .into_iter()
        .map(|i| STATES[i])
        .collect();
    let _ = write!(
        types,
        "  {id}: {{ newtype: string, doc: Identifies a {words}. }}\n  {np}Status:\n    enum: string\n    doc: Where a {words} is in its life cycle.\n    values:\n"
    );
    for state in states {
        let _ = writeln!(
            types,
            "      - {{ value: {state}, doc: The {words} is {}. }}",
            state.to_lowercase()
        );
    }
    let address = k.is_multiple_of(2);
    if address {
        let _ = write!(
            types,
            "  {np}Address:\n    doc: Where a {words} is.\n    fields:\n      line1: string\n      line2: {{ type: string, optional: true }}\n      city: string\n      postalCode: string\n      country: string\n"
        );
    }
    let _ = write!(
        types,
        "  {np}Detail:\n    doc: Details of a {words}.\n    fields:\n      title: string\n      notes: {{ type: string, optional: true }}\n"
    );
    if address {
        let _ = writeln!(types, "      address: {np}Address");
    }
    types.push_str(&extra_fields(rng, 1, 3, false));
    let _ = write!(
        types,
        "  {np}Line:\n    doc: One line of a {words}.\n    fields:\n      sku: string\n      quantity: u32\n      unitPrice: i64\n      discount: {{ type: i64, optional: true }}\n"
    );
    let _ = write!(
        types,
        "  {np}:\n    doc: A {words}.\n    fields:\n      id: {id}\n      name: string\n      status: {np}Status\n      createdAt: datetime\n      updatedAt: {{ type: datetime, nullable: true }}\n      detail: {np}Detail\n      lines: \"list<{np}Line>\"\n"
    );
    types.push_str(&extra_fields(rng, 2, 5, false));
    let _ = write!(
        areas,
        "      {noun}s:\n        title: {np}s\n        doc: Everything about {words}s.\n        endpoints:\n"
    );
    let action = ACTIONS[k % ACTIONS.len()];
    let ops = ["list", "get", "create", "update", "delete", action];
    for (j, op) in ops.iter().take(count).enumerate() {
        let (method, path) = match j {
            0 => ("GET", format!("/{noun}s")),
            1 => ("GET", format!("/{noun}s/{{{nc}Id}}")),
            2 => ("POST", format!("/{noun}s")),
            3 => ("PATCH", format!("/{noun}s/{{{nc}Id}}")),
            4 => ("DELETE", format!("/{noun}s/{{{nc}Id}}")),
            _ => ("POST", format!("/{noun}s/{{{nc}Id}}/{op}")),
        };
        let name = if j == 0 {
            format!("list_{noun}s")
        } else {
            format!("{op}_{noun}")
        };
        let ep = pascal(&name);
        let _ = write!(
            areas,
            "          - id: {}-{k:04}-{j}\n            name: {name}\n            method: {method}\n            path: {path}\n            summary: {} {words}\n",
            lane.to_uppercase(),
            pascal(op)
        );
        match j {
            0 => {
                let _ = write!(
                    areas,
                    "            params:\n              status: {{ in: query, type: {np}Status, optional: true }}\n              limit: {{ in: query, type: u32, optional: true }}\n"
                );
                const QUERY: [&str; 3] = [
                    "cursor: { in: query, type: string, optional: true }",
                    "createdAfter: { in: query, type: datetime, optional: true }",
                    "q: { in: query, type: string, optional: true, doc: Free text. }",
                ];
                for i in rng.some(QUERY.len(), 0, 3) {
                    let _ = writeln!(areas, "              {}", QUERY[i]);
                }
            }
            2 => {} // create: a body, no parameter
            _ => {
                let _ = write!(
                    areas,
                    "            params:\n              {nc}Id: {{ in: path, type: {id} }}\n"
                );
            }
        }
        let response = match j {
            0 => {
                let _ = write!(
                    types,
                    "  {ep}Page:\n    doc: A page of {words}s.\n    fields:\n      items: \"list<{np}>\"\n      nextCursor: {{ type: string, optional: true }}\n      total: u64\n"
                );
                format!("{ep}Page")
            }
            1..=3 => np.clone(),
            4 => {
                let _ = write!(
                    types,
                    "  {ep}Response:\n    doc: What delete_{noun} removed.\n    fields:\n      id: {id}\n      deletedAt: datetime\n"
                );
                format!("{ep}Response")
            }
            _ => {
                let _ = write!(
                    types,
                    "  {ep}Response:\n    doc: Outcome of {name}.\n    fields:\n      id: {id}\n      status: {np}Status\n      effectiveAt: datetime\n      note: {{ type: string, optional: true }}\n"
                );
                format!("{ep}Response")
            }
        };
        let request = match j {
            2 => {
                let _ = write!(
                    types,
                    "  {ep}Request:\n    doc: Body of {name}.\n    fields:\n      name: string\n      status: {{ type: {np}Status, optional: true }}\n      detail: {np}Detail\n      lines: \"list<{np}Line>\"\n"
                );
                types.push_str(&extra_fields(rng, 1, 3, false));
                true
            }
            3 => {
                let _ = write!(
                    types,
                    "  {ep}Request:\n    doc: Body of {name}, only the fields given change.\n    fields:\n      name: {{ type: string, optional: true }}\n      status: {{ type: {np}Status, optional: true }}\n      detail: {{ type: {np}Detail, optional: true }}\n"
                );
                types.push_str(&extra_fields(rng, 1, 3, true));
                true
            }
            5 => {
                let _ = write!(
                    types,
                    "  {ep}Request:\n    doc: Body of {name}.\n    fields:\n      reason: {{ type: string, optional: true }}\n      effectiveAt: {{ type: datetime, optional: true }}\n"
                );
                types.push_str(&extra_fields(rng, 0, 2, false));
                true
            }
            _ => false,
        };
        if request {
            let _ = writeln!(areas, "            request: {ep}Request");
        }
        let _ = write!(
            areas,
            "            response: {response}\n            errors: [{}]\n",
            errors(rng)
        );
    }
}

/// Writes the model's files into `dir` (created; stale `*.yaml` files removed).
pub fn write(dir: &std::path::Path, operations: usize) -> Result<(), String> {
    crate::synth::write_files(dir, &model(operations))
}

/// The model as in-memory sources, named like the files `write` creates.
pub fn sources(operations: usize) -> Vec<azotte_spec::Source> {
    model(operations)
        .into_iter()
        .map(|(name, text)| azotte_spec::Source { name, text })
        .collect()
}
