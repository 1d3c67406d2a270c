//! An endpoint's error enum holds only the codes that endpoint documents:
//! `store_customer` (C2A-01-02) cannot answer `CUSTOMER_NOT_FOUND`.

use azotte_client::c2a::StoreCustomerError;

fn is_missing(error: &StoreCustomerError) -> bool {
    matches!(error, StoreCustomerError::CustomerNotFound)
}

fn main() {
    let _ = is_missing;
}
