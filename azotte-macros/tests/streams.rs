//! `<list>_stream` borrows only the client: the query (often a temporary) and
//! the path parameters are copied into the stream, so it can be created in one
//! statement and consumed in the next.

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
types:
  AccountUrn: { newtype: string }
  Invoice:
    fields:
      id: string
  InvoicePage:
    fields:
      items: list<Invoice>
      pages: u32
lanes:
  c2a:
    title: C2A
    base_path: /api/{version}/c2a
    auth: [key]
    envelope: general
    areas:
      invoices:
        title: Invoices
        endpoints:
          - id: C-01
            name: list_invoices
            method: GET
            path: /accounts/{accountUrn}/{region}/invoices
            summary: List an account's invoices
            params:
              accountUrn: { in: path, type: AccountUrn }
              region: { in: path, type: string }
              page: { in: query, type: u32, optional: true }
              status: { in: query, type: string, optional: true }
            response: InvoicePage
            pagination: { items: items, page_param: page }
            errors: [NOT_FOUND]
"#
    }
}

use demo::c2a::{Invoices, ListInvoicesQuery};
use demo::runtime::futures::StreamExt;
use demo::runtime::{ClientConfig, MockResponse, MockTransport};
use demo::types::AccountUrn;
use serde_json::json;

fn page(ids: &[&str]) -> MockResponse {
    let items: Vec<_> = ids.iter().map(|id| json!({ "id": id })).collect();
    MockResponse::json(
        200,
        json!({ "result": { "items": items, "pages": 2 }, "status": { "messageCode": "SUCCESS" } }),
    )
}

#[tokio::test]
async fn a_stream_outlives_its_temporary_query_and_path_parameters() {
    let mock = MockTransport::new();
    let path = "/api/v1/c2a/accounts/ac.1/eu/invoices";
    mock.on("GET", path, page(&["a", "b"]));
    mock.on("GET", path, page(&["c"]));
    mock.on("GET", path, page(&[]));
    let config = ClientConfig::new("https://acme.example.com").transport(mock.clone());
    let client = demo::c2a::Client::with_config(config, demo::auth::Key::new("sk_test_1")).unwrap();

    let stream = {
        let account = AccountUrn::new("ac.1");
        let region = String::from("eu");
        client.list_invoices_stream(&account, &region, &ListInvoicesQuery::new().status("open"))
    };
    let ids: Vec<String> = stream.map(|invoice| invoice.unwrap().id).collect().await;

    assert_eq!(ids, ["a", "b", "c"]);
    let queries: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "page=1&status=open",
            "page=2&status=open",
            "page=3&status=open"
        ]
    );
}
