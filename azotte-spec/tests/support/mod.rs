//! A small valid spec that tests break one way at a time.

use azotte_spec::{load_sources, Source, SpecError, SpecErrors};

pub const VALID: &str = r#"api: { name: demo, title: Demo, version: v1 }
environments:
  live: { url: "https://{projectName}.example.com" }
headers:
  X-Correlation-Id: { role: correlation_id, generate: uuid_v4 }
auth:
  key:
    kind: api_key
    headers:
      x-api-key: { from: api_key, secret: true }
envelopes:
  general:
    payload: result
    status: { object: status, code: messageCode, success_codes: [SUCCESS] }
errors:
  NOT_FOUND: { http: 404, doc: Not found. }
types:
  CustomerUrn: { newtype: string }
  Customer:
    fields:
      customerUrn: CustomerUrn
      type: { type: string, optional: true }
lanes:
  c2a:
    title: C2A
    base_path: /api/{version}/c2a
    auth: [key]
    envelope: general
    areas:
      customers:
        title: Customers
        endpoints:
          - id: C-01
            name: get_customer
            method: GET
            path: /customer/{customerUrn}
            summary: Get
            params:
              customerUrn: { in: path, type: CustomerUrn }
            response: Customer
            errors: [NOT_FOUND]
"#;

/// `VALID` with `from` replaced by `to` (which must occur).
pub fn edited(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "test setup: `{from}` not in VALID");
    VALID.replacen(from, to, 1)
}

/// The errors of a one-file spec that must fail.
pub fn errors_of(text: &str) -> Vec<SpecError> {
    match load_sources(&[Source::new("api.yaml", text)]) {
        Ok(_) => panic!("the spec was accepted but should fail"),
        Err(SpecErrors(errors)) => errors,
    }
}

/// The one error of a spec that must fail with exactly one.
pub fn only_error(text: &str) -> SpecError {
    let errors = errors_of(text);
    assert_eq!(errors.len(), 1, "expected one error, got: {errors:#?}");
    errors.into_iter().next().unwrap()
}
