//! The gateway's API reference, over real HTTP on 127.0.0.1, for both specs:
//! `/openapi.json` (and the same bytes under every API root) is an OpenAPI
//! 3.1 document (`openapi: "3.1.0"`, OpenAPI 3.1 §4.8.1) whose first server
//! is this gateway and whose rest is `azotte_openapi::document` of the
//! loaded spec; `/docs` is an HTML page whose scripts and stylesheets are all
//! served by the gateway, with the content types of RFC 9239 (JavaScript)
//! and RFC 2318 (CSS), so it works with no network.

mod support;

use azotte_gateway::{Config, Gateway};
use serde_json::{json, Value};
use support::{config, http, start_with};

fn serving(api: &str) -> Config {
    Config {
        spec_dir: azotte_spec::api_dir(api),
        ..config()
    }
}

async fn get(url: &str) -> (u16, String, Vec<u8>) {
    let r = http().get(url).send().await.expect("the gateway answers");
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, r.bytes().await.unwrap().to_vec())
}

async fn openapi_is_the_spec_document_with_this_gateway_first(api: &str) {
    let gw = start_with(serving(api)).await;
    let (status, content_type, body) = get(&format!("{}/openapi.json", gw.base_url())).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let mut served: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert_eq!(served["openapi"], "3.1.0");
    let servers = served["servers"].as_array_mut().expect("servers");
    let local = servers.remove(0);
    assert_eq!(
        local,
        json!({ "url": gw.api_root(), "description": "this local gateway" })
    );
    let spec = azotte_spec::load_dir(&azotte_spec::api_dir(api)).unwrap();
    assert_eq!(served, azotte_openapi::document(&spec));

    for root in gw.roots() {
        let (status, _, again) = get(&format!("{}{root}/openapi.json", gw.base_url())).await;
        assert_eq!((status, &again), (200, &body), "{root}/openapi.json");
    }
    let post = http()
        .post(format!("{}/openapi.json", gw.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status().as_u16(), 405);
    assert_eq!(post.headers()["allow"], "GET, HEAD");
}

#[tokio::test]
async fn openapi_json_azotte() {
    openapi_is_the_spec_document_with_this_gateway_first("azotte").await;
}

#[tokio::test]
async fn openapi_json_automatum() {
    openapi_is_the_spec_document_with_this_gateway_first("automatum").await;
}

/// The value of every `name="…"` attribute in `html`.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let value = &html[i + needle.len()..];
            &value[..value.find('"').expect("a closed attribute")]
        })
        .collect()
}

/// Every `<tag …>` in `html`, as its text.
fn tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    html.match_indices(&open)
        .map(|(i, _)| &html[i..i + html[i..].find('>').expect("a closed tag")])
        .collect()
}

async fn docs_page_is_served_whole_by_the_gateway(gw: &Gateway) {
    let base = gw.base_url();
    let (status, content_type, body) = get(&format!("{base}/docs")).await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    let page = String::from_utf8(body).unwrap();
    assert_eq!(get(&format!("{base}/docs/")).await.2, page.as_bytes());

    // Nothing on the page points off the gateway.
    for url in attributes(&page, "src")
        .into_iter()
        .chain(attributes(&page, "href"))
    {
        let local = url.starts_with('/') && !url.starts_with("//");
        assert!(local || url.starts_with("data:"), "non-local URL {url}");
    }
    let scripts: Vec<&str> = tags(&page, "script")
        .into_iter()
        .flat_map(|t| attributes(t, "src"))
        .collect();
    let stylesheets: Vec<&str> = tags(&page, "link")
        .into_iter()
        .filter(|t| t.contains("rel=\"stylesheet\""))
        .flat_map(|t| attributes(t, "href"))
        .collect();
    assert_eq!(
        (scripts.len(), stylesheets.len()),
        (2, 1),
        "Swagger UI, its start-up script and its stylesheet: {page}"
    );
    let mut start_up = String::new();
    for (urls, expected_type) in [
        (&scripts, "text/javascript; charset=utf-8"),
        (&stylesheets, "text/css; charset=utf-8"),
    ] {
        for url in urls.iter() {
            let (status, content_type, body) = get(&format!("{base}{url}")).await;
            assert_eq!(
                (status, content_type.as_str()),
                (200, expected_type),
                "{url}"
            );
            assert!(body.len() > 100, "{url} is {} bytes", body.len());
            if url.ends_with("/docs.js") {
                start_up = String::from_utf8(body).unwrap();
            }
        }
    }
    // The start-up script renders the gateway's own document, and sends it
    // nowhere (Swagger UI's default validator badge posts it off-site).
    assert!(start_up.contains("url: \"/openapi.json\""), "{start_up}");
    assert!(start_up.contains("validatorUrl: null"), "{start_up}");
    assert!(
        !start_up.contains("http://") && !start_up.contains("https://"),
        "{start_up}"
    );
}

#[tokio::test]
async fn docs_azotte() {
    let gw = start_with(serving("azotte")).await;
    docs_page_is_served_whole_by_the_gateway(&gw).await;
    // HEAD answers as GET does (without the body); other methods are refused.
    let head = http()
        .head(format!("{}/docs", gw.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(head.headers()["content-type"], "text/html; charset=utf-8");
    let put = http()
        .put(format!("{}/docs", gw.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 405);
}

#[tokio::test]
async fn docs_automatum() {
    let gw = start_with(serving("automatum")).await;
    docs_page_is_served_whole_by_the_gateway(&gw).await;
}

#[tokio::test]
async fn unknown_paths_say_where_the_docs_are() {
    let gw = start_with(serving("azotte")).await;
    let (status, _, body) = get(&format!("{}/docs/missing.js", gw.base_url())).await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(status, 404);
    assert!(
        text.contains("/docs") && text.contains("/openapi.json"),
        "{text}"
    );
}

/// The binary's start-up lines link the reference, and the links answer.
#[tokio::test]
async fn the_banner_links_docs_and_openapi() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use support::Running;
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_azotte-gateway"))
            .args(["--port", "0", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the gateway binary starts"),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let base = lines.next().unwrap().unwrap();
    let base = base.strip_prefix("listening on ").expect("first line");
    let banner = lines.next().unwrap().unwrap();
    let (docs, openapi) = (format!("{base}/docs"), format!("{base}/openapi.json"));
    assert_eq!(
        banner,
        format!("API reference: {docs} (OpenAPI 3.1 document: {openapi})")
    );
    assert_eq!(get(&docs).await.0, 200);
    assert_eq!(get(&openapi).await.0, 200);
}
