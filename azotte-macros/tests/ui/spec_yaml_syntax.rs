//! Inline YAML with a syntax error (an unclosed flow sequence): reported at its line and column in this file.

mod api {
    azotte_macros::generate! {
        yaml: r#"
api: { name: demo, title: Demo, version: v1 }
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
    auth: [key
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
"#
    }
}

fn main() {}
