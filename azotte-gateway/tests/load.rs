//! A bounded load test on loopback: 2,000 requests from 32 concurrent tasks
//! through the generated client (each task stores customers and reads each
//! one back), then every stored customer is readable and the counts match.

mod support;

use azotte_client::auth::UserToken;
use azotte_client::c2a::*;
use azotte_client::p2m;
use azotte_client::prelude::*;
use azotte_client::types::*;
use support::*;

const TASKS: usize = 32;
const REQUESTS: usize = 2_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_thousand_requests_from_32_tasks() {
    let gw = start().await;
    let client = c2a(&gw, TENANT_A);
    let per_task = REQUESTS.div_ceil(TASKS * 2); // a store and a read per customer: 32 × 32 × 2 = 2,048
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..TASKS {
        let c = client.clone();
        tasks.spawn(async move {
            let mut stored = Vec::new();
            let mut errors = Vec::new();
            for i in 0..per_task {
                let ext = format!("load-{t}-{i}");
                let details =
                    CustomerDetails::new(ext.as_str()).email(format!("{ext}@example.com"));
                match c.store_customer(&StoreCustomerRequest::new(details)).await {
                    Ok(r) => {
                        let urn = r.into_inner().customer_urn;
                        match c
                            .customer_info(&CustomerInfoQuery::new().customer_urn(urn.clone()))
                            .await
                        {
                            Ok(info) if info.external_id.as_str() == ext => stored.push(urn),
                            Ok(info) => {
                                errors.push(format!("{ext}: read back {}", info.external_id))
                            }
                            Err(e) => errors.push(format!("{ext}: {e}")),
                        }
                    }
                    Err(e) => errors.push(format!("{ext}: {e}")),
                }
            }
            (stored, errors)
        });
    }
    let mut stored = Vec::new();
    let mut errors = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (s, e) = done.expect("task finished");
        stored.extend(s);
        errors.extend(e);
    }
    let sent = TASKS * per_task * 2;
    assert!(sent >= REQUESTS, "{sent} requests");
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(stored.len(), TASKS * per_task);
    let mut unique = stored.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), stored.len(), "URNs are unique");

    for urn in &stored {
        client
            .customer_info(&CustomerInfoQuery::new().customer_urn(urn.clone()))
            .await
            .unwrap_or_else(|e| panic!("{urn} readable: {e}"));
    }
    let portal = p2m::Client::new(&env(&gw), UserToken::from_token("portal")).unwrap();
    let page = portal
        .with_header("X-Moneti-Tenant", TENANT_A)
        .list_customers(&p2m::ListCustomersQuery::new().page_size(1u32))
        .await
        .unwrap();
    assert_eq!(
        page.page_info.total,
        stored.len() as u64,
        "the tenant holds exactly the stored customers"
    );
    let other = portal
        .with_header("X-Moneti-Tenant", TENANT_B)
        .list_customers(&p2m::ListCustomersQuery::new())
        .await
        .unwrap();
    assert_eq!(other.page_info.total, 0);
}
