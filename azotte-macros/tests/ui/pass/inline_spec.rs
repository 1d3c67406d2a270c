//! `generate!` with inline YAML, in two documents: the modules it expands to
//! are usable like the checked-in crate's.

mod demo {
    azotte_macros::generate! {
        yaml: r#"
api: { name: demo, title: Demo, version: v1 }
environments:
  live: { url: "https://{projectName}.example.com" }
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
"#,
        yaml: r#"
types:
  CustomerUrn: { newtype: string, doc: A customer. }
  Customer:
    doc: A customer record.
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
            summary: Get a customer
            params:
              customerUrn: { in: path, type: CustomerUrn }
            response: Customer
            errors: [NOT_FOUND]
"#
    }
}

use demo::c2a::GetCustomerError;
use demo::runtime::EndpointError;

fn main() {
    // A received-only type: public fields, built with a struct literal.
    let customer = demo::types::Customer {
        customer_urn: "cu.00.1".into(),
        r#type: Some("vip".into()),
    };
    assert_eq!(customer.customer_urn.as_str(), "cu.00.1");
    assert_eq!(customer.r#type.as_deref(), Some("vip"));
    assert_eq!(
        demo::Environment::live("acme").base_url(),
        "https://acme.example.com"
    );
    assert_eq!(GetCustomerError::from_code("NOT_FOUND"), GetCustomerError::NotFound);
    let _client = demo::c2a::Client::new(
        &demo::Environment::live("acme"),
        demo::auth::Key::new("sk_test_123"),
    )
    .unwrap();
}
