//! M2M, P2M and T2M handlers (document 004): the same tenant state as C2A,
//! answered in the Moneti envelope. P2M lists page with `page` / `pageSize`
//! (defaults 1 / 25, at most 100) and fill `links.next` / `links.previous`.
//! T2M offers add `partnerTags` and the partner's `channelReference`.

use super::{Call, Handler};
use crate::state::{customers, offers, subscriptions, text, Fail, Outcome};
use serde_json::{json, Value};

pub(super) fn handler(lane: &str, name: &str) -> Option<Handler> {
    Some(match (lane, name) {
        ("m2m", "offer_bundles") => offer_bundles,
        ("m2m", "list_subscriptions") => list_subscriptions,
        ("m2m", "cancel_subscription") => cancel_subscription,
        ("m2m", "customer_info") => customer_info,
        ("p2m", "list_subscriptions") => page_subscriptions,
        ("p2m", "subscription_detail") => subscription_detail,
        ("p2m", "list_customers") => page_customers,
        ("t2m", "offer_bundles") => partner_offer,
        _ => return None,
    })
}

fn offer_bundles(c: &mut Call<'_>) -> Outcome {
    let storefront = text(&c.body["context"], "storefrontUrn").map(str::to_owned);
    offers::resolve(c.store, c.tenant, c.body).map(|o| o.json(storefront.as_deref()))
}

fn partner_offer(c: &mut Call<'_>) -> Outcome {
    let mut offer = offer_bundles(c)?;
    if let Some(map) = offer.as_object_mut() {
        map.remove("storefrontUrn");
        map.remove("promotionCode");
    }
    offer["partnerTags"] = json!(["gateway-partner"]);
    if let Some(partner) = c.partner {
        offer["channelReference"] = json!(format!("ch-{partner}"));
    }
    Ok(offer)
}

fn list_subscriptions(c: &mut Call<'_>) -> Outcome {
    let customer = c.param("customerUrn").to_owned();
    subscriptions::list_for(c.tenant, &customer)
}

fn cancel_subscription(c: &mut Call<'_>) -> Outcome {
    subscriptions::cancel_versioned(c.tenant, &c.body["payload"], &mut c.events)
}

fn customer_info(c: &mut Call<'_>) -> Outcome {
    customers::info(c.tenant, &c.query_json())
}

fn permissions() -> Value {
    json!({ "canCancel": true, "canRefund": false, "canExport": true, "canReactivate": true })
}

/// One page of `all` as `{items, pageInfo, permissions}`, with links.
fn page(c: &mut Call<'_>, all: Vec<Value>) -> Outcome {
    let number = |key: &str, default: u64| {
        c.query
            .get(key)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let page = number("page", 1).max(1);
    let size = number("pageSize", 25).clamp(1, 100);
    let total = all.len() as u64;
    let start = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let items: Vec<Value> = all.into_iter().skip(start).take(size as usize).collect();
    let has_next = page.saturating_mul(size) < total;
    let link = |p: u64| json!(format!("{}?page={p}&pageSize={size}", c.path));
    let next = if has_next {
        link(page + 1)
    } else {
        Value::Null
    };
    let previous = if page > 1 {
        link(page - 1)
    } else {
        Value::Null
    };
    c.links.insert("next".into(), next);
    c.links.insert("previous".into(), previous);
    Ok(json!({
        "items": items,
        "pageInfo": { "page": page, "pageSize": size, "total": total, "hasNext": has_next },
        "permissions": permissions(),
    }))
}

fn page_subscriptions(c: &mut Call<'_>) -> Outcome {
    let customer = c.query.get("customerUrn").cloned();
    let state = c.query.get("state").cloned();
    let all = subscriptions::list(c.tenant, customer.as_deref(), state.as_deref());
    page(c, all)
}

fn page_customers(c: &mut Call<'_>) -> Outcome {
    let search = c.query.get("search").cloned();
    let all = customers::list(c.tenant, search.as_deref());
    page(c, all)
}

fn subscription_detail(c: &mut Call<'_>) -> Outcome {
    let order = c.param("orderIdentifier").to_owned();
    match c.tenant.subscriptions.get(&order) {
        Some(s) => Ok(json!({ "subscription": s.json(), "permissions": permissions() })),
        None => Err(Fail::new(
            "SUBSCRIPTION_NOT_FOUND",
            format!("no subscription {order}"),
        )),
    }
}
