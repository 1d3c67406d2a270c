//! Matching an endpoint's error enum is exhaustive once `Unknown` is handled,
//! and `ApiError` separates documented codes from everything else.

use azotte_client::c2a::CheckoutStatusError;
use azotte_client::ApiError;

fn describe(error: &ApiError<CheckoutStatusError>) -> String {
    match error {
        ApiError::Service(e) => match &e.error {
            CheckoutStatusError::CheckoutNotFound => "no such checkout".into(),
            CheckoutStatusError::InternalServerError => "server error".into(),
            CheckoutStatusError::Unknown(code) => format!("undocumented code {code}"),
        },
        ApiError::Unauthorized(_) => "check the API key".into(),
        other => other.to_string(),
    }
}

fn main() {
    use azotte_client::runtime::EndpointError;
    assert_eq!(
        CheckoutStatusError::from_code("CHECKOUT_NOT_FOUND"),
        CheckoutStatusError::CheckoutNotFound
    );
    assert_eq!(
        CheckoutStatusError::from_code("NEW_CODE"),
        CheckoutStatusError::Unknown("NEW_CODE".into())
    );
    let _ = describe;
}
