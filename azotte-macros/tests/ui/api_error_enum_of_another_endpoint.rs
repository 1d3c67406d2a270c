//! Each endpoint has its own error enum: the error of `store_customer` is not
//! compared with `customer_info`'s codes.

use azotte_client::c2a::{CustomerInfoError, StoreCustomerError};
use azotte_client::ApiError;

fn not_found(err: &ApiError<StoreCustomerError>) -> bool {
    matches!(err, ApiError::Service(e) if e.error == CustomerInfoError::CustomerNotFound)
}

fn main() {
    let _ = not_found;
}
