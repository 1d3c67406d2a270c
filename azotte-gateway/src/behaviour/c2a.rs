//! C2A handlers (documents 001/002): thin adapters from the validated JSON
//! body, path and query to the state operations.

use super::{Call, Handler};
use crate::state::{checkout, customers, offers, payments, subscriptions, text, Outcome};
use serde_json::Value;

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "validate_customer" => validate_customer,
        "store_customer" => store_customer,
        "delete_customer" => delete_customer,
        "update_customer" => update_customer,
        "customer_info" => customer_info,
        "resolve_offer" => resolve_offer,
        "showcase_offers" => showcase_offers,
        "submit_checkout" => submit_checkout,
        "checkout_status" => checkout_status,
        "complete_three_ds" => complete_three_ds,
        "tokenize_payment_method" => tokenize,
        "list_payment_methods" => list_payment_methods,
        "activate_payment_method" => activate_payment_method,
        "delete_payment_method" => delete_payment_method,
        "list_subscriptions" => list_subscriptions,
        "request_cancellation" => request_cancellation,
        "confirm_cancellation" => confirm_cancellation,
        "reactivate_subscription" => reactivate_subscription,
        _ => return None,
    })
}

fn field<'a>(c: &'a Call<'_>, key: &str) -> &'a str {
    text(c.body, key).unwrap_or_default()
}

fn validate_customer(c: &mut Call<'_>) -> Outcome {
    let external = text(&c.body["customer"], "externalId").unwrap_or_default();
    customers::validate(c.tenant, external).map(|()| Value::Null)
}

fn store_customer(c: &mut Call<'_>) -> Outcome {
    customers::store(c.store, c.tenant, &c.body["customer"])
}

fn delete_customer(c: &mut Call<'_>) -> Outcome {
    customers::delete(c.tenant, &c.body["customer"]).map(|()| Value::Null)
}

fn update_customer(c: &mut Call<'_>) -> Outcome {
    customers::update(c.tenant, &c.body["customer"])
}

fn customer_info(c: &mut Call<'_>) -> Outcome {
    customers::info(c.tenant, &c.query_json())
}

fn resolve_offer(c: &mut Call<'_>) -> Outcome {
    let storefront = text(&c.body["context"], "storefrontUrn").map(str::to_owned);
    offers::resolve(c.store, c.tenant, c.body).map(|o| o.json(storefront.as_deref()))
}

fn showcase_offers(c: &mut Call<'_>) -> Outcome {
    offers::showcase(c.store, c.tenant, c.body)
}

fn submit_checkout(c: &mut Call<'_>) -> Outcome {
    checkout::submit(c.store, c.tenant, c.body)
}

fn checkout_status(c: &mut Call<'_>) -> Outcome {
    let id = c.param("id").to_owned();
    checkout::status(c.store, c.tenant, &id, &mut c.events)
}

fn complete_three_ds(c: &mut Call<'_>) -> Outcome {
    let id = c.param("id").to_owned();
    checkout::complete_three_ds(c.store, c.tenant, &id, c.body, &mut c.events)
}

fn tokenize(c: &mut Call<'_>) -> Outcome {
    payments::tokenize(c.store, c.tenant, c.body)
}

fn list_payment_methods(c: &mut Call<'_>) -> Outcome {
    let customer = c.query.get("customerUrn").cloned().unwrap_or_default();
    payments::list(c.tenant, &customer)
}

fn activate_payment_method(c: &mut Call<'_>) -> Outcome {
    let (customer, urn) = (
        field(c, "customerUrn").to_owned(),
        field(c, "paymentMethodUrn").to_owned(),
    );
    payments::activate(c.tenant, &customer, &urn)
}

fn delete_payment_method(c: &mut Call<'_>) -> Outcome {
    let (customer, urn) = (
        field(c, "customerUrn").to_owned(),
        field(c, "paymentMethodUrn").to_owned(),
    );
    payments::delete(c.tenant, &customer, &urn).map(|()| Value::Null)
}

fn list_subscriptions(c: &mut Call<'_>) -> Outcome {
    let customer = c.param("customerUrn").to_owned();
    subscriptions::list_for(c.tenant, &customer)
}

fn request_cancellation(c: &mut Call<'_>) -> Outcome {
    let (customer, order) = (
        field(c, "customerUrn").to_owned(),
        field(c, "orderIdentifier").to_owned(),
    );
    subscriptions::request_cancellation(c.store, c.tenant, &customer, &order)
}

fn confirm_cancellation(c: &mut Call<'_>) -> Outcome {
    let (customer, order) = (
        field(c, "customerUrn").to_owned(),
        field(c, "orderIdentifier").to_owned(),
    );
    subscriptions::confirm(c.tenant, &customer, &order, &mut c.events)
}

fn reactivate_subscription(c: &mut Call<'_>) -> Outcome {
    let (customer, order) = (
        field(c, "customerUrn").to_owned(),
        field(c, "orderIdentifier").to_owned(),
    );
    subscriptions::reactivate(c.tenant, &customer, &order, &mut c.events)
}
