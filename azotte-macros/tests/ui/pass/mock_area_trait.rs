//! An area trait can be implemented by your own type to mock the area, with
//! `async fn` or by returning a future of your choice, and application code
//! written against `impl c2a::Customers` takes the mock and the real client
//! alike.
//!
//! (The mock here never answers: `Response<T>` has no public constructor, so a
//! hand-written mock cannot build a success value; for canned successes, run
//! the real client over `azotte_client::runtime::MockTransport`.)

use azotte_client::c2a::{self, *};
use azotte_client::types::*;
use azotte_client::{ApiError, Response};
use std::future::{pending, Future};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts calls; `store_customer` hangs, as a server that never answers would.
#[derive(Default)]
struct HangingCustomers {
    calls: AtomicUsize,
}

impl c2a::Customers for HangingCustomers {
    async fn validate_customer(
        &self,
        _request: &ValidateCustomerRequest,
    ) -> Result<Response<()>, ApiError<ValidateCustomerError>> {
        unimplemented!("not used by this test")
    }

    fn store_customer(
        &self,
        _request: &StoreCustomerRequest,
    ) -> impl Future<Output = Result<Response<AzotteCustomer>, ApiError<StoreCustomerError>>> + Send
    {
        self.calls.fetch_add(1, Ordering::SeqCst);
        pending()
    }

    async fn delete_customer(
        &self,
        _request: &DeleteCustomerRequest,
    ) -> Result<Response<()>, ApiError<DeleteCustomerError>> {
        unimplemented!("not used by this test")
    }

    async fn update_customer(
        &self,
        _request: &UpdateCustomerRequest,
    ) -> Result<Response<AzotteCustomer>, ApiError<UpdateCustomerError>> {
        unimplemented!("not used by this test")
    }

    async fn customer_info(
        &self,
        _query: &CustomerInfoQuery,
    ) -> Result<Response<AzotteCustomer>, ApiError<CustomerInfoError>> {
        unimplemented!("not used by this test")
    }
}

/// Application code, generic over the area so that tests can pass a mock.
async fn sync_customer(customers: &impl c2a::Customers, external_id: &str) -> Option<CustomerUrn> {
    let request = StoreCustomerRequest::new(CustomerDetails::new(external_id));
    let stored = tokio::time::timeout(Duration::from_millis(20), customers.store_customer(&request))
        .await
        .ok()?;
    stored.ok().map(|customer| customer.customer_urn.clone())
}

/// The real client satisfies the same bound.
fn accepts_the_real_client(client: &c2a::Client) -> impl Future<Output = Option<CustomerUrn>> + '_ {
    sync_customer(client, "ext-42")
}

#[tokio::main]
async fn main() {
    let mock = HangingCustomers::default();
    assert_eq!(sync_customer(&mock, "ext-42").await, None, "timed out");
    assert_eq!(mock.calls.load(Ordering::SeqCst), 1);
    let _ = accepts_the_real_client;
}
