//! Matching an endpoint's error enum on every documented code is not enough:
//! `Unknown` must be handled too, since the server may send codes the spec
//! does not document yet.

use azotte_client::c2a::CheckoutStatusError;

fn describe(error: &CheckoutStatusError) -> &'static str {
    match error {
        CheckoutStatusError::CheckoutNotFound => "no such checkout",
        CheckoutStatusError::InternalServerError => "server error",
    }
}

fn main() {
    let _ = describe;
}
