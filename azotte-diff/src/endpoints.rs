//! Changes to `lanes:`: lanes, endpoints (matched by id), their parameters,
//! bodies, error codes, pagination, idempotency and scopes; webhook events
//! and waiters.

use crate::{breaks, fine, pair, type_name, Change, Cx, Kind, Verdict};
use azotte_spec::model::{Area, Endpoint, Lane};
use azotte_spec::YamlPath;

pub(crate) fn diff(cx: &Cx, out: &mut Vec<Change>) {
    for (o, n) in pair(&cx.old.spec.lanes, &cx.new.spec.lanes, |l| l.name.clone()) {
        match (o, n) {
            (None, Some(n)) => out.push(Change {
                kind: Kind::LaneAdded,
                subject: format!("lane `{}`", n.name),
                detail: "added".into(),
                old: None,
                new: cx.new_at(&lane_path(n)),
                wire: fine("old clients do not call it"),
                rust: fine(format!("new module `{}` behind a new feature", n.rust_name)),
                addition: true,
                migration: None,
            }),
            (Some(o), None) => out.push(Change {
                kind: Kind::LaneRemoved,
                subject: format!("lane `{}`", o.name),
                detail: "removed".into(),
                old: cx.old_at(&lane_path(o)),
                new: None,
                wire: breaks("old clients still call its endpoints"),
                rust: breaks(format!(
                    "module `{}` and its feature no longer exist",
                    o.rust_name
                )),
                addition: false,
                migration: Some(format!("stop using `{}`", o.rust_name)),
            }),
            (Some(o), Some(n)) => diff_lane(cx, o, n, out),
            (None, None) => {}
        }
    }
}

fn lane_path(l: &Lane) -> YamlPath {
    YamlPath::root("lanes").key(&l.name)
}

fn endpoint_path(l: &Lane, area: &str, id: &str) -> YamlPath {
    lane_path(l)
        .key("areas")
        .key(area)
        .key("endpoints")
        .item(id)
}

/// Lane-wide settings, then endpoints, events and waiters.
fn diff_lane(cx: &Cx, o: &Lane, n: &Lane, out: &mut Vec<Change>) {
    let lane_change = |key: &str, detail: String, wire: Verdict, rust: Verdict| Change {
        kind: Kind::LaneChanged,
        subject: format!("lane `{}` {key}", n.name),
        detail,
        old: cx.old_at(&lane_path(o).key(key)),
        new: cx.new_at(&lane_path(n).key(key)),
        wire,
        rust,
        addition: false,
        migration: None,
    };
    if o.base_path != n.base_path {
        out.push(lane_change(
            "base_path",
            format!("`{}` → `{}`", o.base_path, n.base_path),
            breaks("old clients call the old paths"),
            fine("paths are not part of the Rust API"),
        ));
    }
    if o.envelope != n.envelope {
        out.push(lane_change(
            "envelope",
            format!("{:?} → {:?}", o.envelope, n.envelope),
            breaks("old clients read responses through the old envelope"),
            fine("envelopes are read by the runtime, not named by callers"),
        ));
    }
    if o.auth != n.auth {
        let lost = o.auth.iter().any(|a| !n.auth.contains(a));
        out.push(lane_change(
            "auth",
            format!("{} → {}", choices(o), choices(n)),
            if lost {
                breaks("old clients may authenticate in a way the lane no longer accepts")
            } else {
                fine("every old way to authenticate is still accepted")
            },
            if lost {
                breaks(format!(
                    "`{}::Client::new` no longer takes every old credential",
                    n.rust_name
                ))
            } else {
                fine("the lane's credentials accept more")
            },
        ));
    }
    if o.headers != n.headers || o.environments != n.environments {
        out.push(lane_change(
            "headers",
            format!(
                "headers {:?} → {:?}, environments {:?} → {:?}",
                o.headers, n.headers, o.environments, n.environments
            ),
            fine("the format makes no header mandatory; the hosts are listed under environments"),
            fine("no generated signature names them"),
        ));
    }
    if (&o.event_type_field, &o.event_data_field) != (&n.event_type_field, &n.event_data_field) {
        out.push(lane_change(
            "event_type_field",
            "where an event's type or data is read changed".into(),
            breaks("old receivers read events from the old keys"),
            fine("the keys are not part of the Rust API"),
        ));
    }
    let old_eps: Vec<(&Area, &Endpoint)> = o
        .areas
        .iter()
        .flat_map(|a| a.endpoints.iter().map(move |e| (a, e)))
        .collect();
    let new_eps: Vec<(&Area, &Endpoint)> = n
        .areas
        .iter()
        .flat_map(|a| a.endpoints.iter().map(move |e| (a, e)))
        .collect();
    for (a, b) in pair(&old_eps, &new_eps, |(_, e)| e.id.clone()) {
        match (a, b) {
            (None, Some((area, e))) => {
                let existing = o.areas.iter().any(|x| x.name == area.name);
                out.push(Change {
                    kind: Kind::EndpointAdded,
                    subject: endpoint(e),
                    detail: format!("added: {} {}", e.method.as_str(), e.full_path),
                    old: None,
                    new: cx.new_at(&endpoint_path(n, &area.name, &e.id)),
                    wire: fine("old clients do not call it"),
                    rust: if existing {
                        breaks(format!(
                            "trait `{}::{}` gains the required method `{}`: implementations (mocks) no longer compile",
                            n.rust_name, area.trait_name, e.name
                        ))
                    } else {
                        fine(format!("new method in the new trait `{}::{}`", n.rust_name, area.trait_name))
                    },
                    addition: true,
                    migration: existing.then(|| {
                        format!("implementations of `{}::{}` add `{}`", n.rust_name, area.trait_name, e.name)
                    }),
                });
            }
            (Some((area, e)), None) => out.push(Change {
                kind: Kind::EndpointRemoved,
                subject: endpoint(e),
                detail: format!("removed: {} {}", e.method.as_str(), e.full_path),
                old: cx.old_at(&endpoint_path(o, &area.name, &e.id)),
                new: None,
                wire: breaks("old clients still call it"),
                rust: breaks(format!("method `{}` and its types no longer exist", e.name)),
                addition: false,
                migration: Some(format!("stop calling `{}`", e.name)),
            }),
            (Some(a), Some(b)) => diff_endpoint(cx, (o, a.0, a.1), (n, b.0, b.1), out),
            (None, None) => {}
        }
    }
    diff_events(cx, o, n, out);
    for (a, b) in pair(&o.waiters, &n.waiters, |w| w.name.clone()) {
        if a == b {
            continue;
        }
        let w = b.or(a).map(|w| w.name.clone()).unwrap_or_default();
        let at = lane_path(n).key("waiters").item(&w);
        out.push(Change {
            kind: Kind::WaiterChanged,
            subject: format!("waiter `{w}`"),
            detail: match (a, b) {
                (None, _) => "added".into(),
                (_, None) => "removed".into(),
                _ => "states, polled endpoint or delays changed".into(),
            },
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            wire: fine("a waiter only polls an endpoint; the endpoint's own changes are listed"),
            rust: match (a, b) {
                (Some(_), None) => breaks(format!("method `{w}` no longer exists")),
                (None, _) => fine(format!("new method `{w}`")),
                _ => fine("same method, other outcomes"),
            },
            addition: a.is_none(),
            migration: b.is_none().then(|| format!("poll without `{w}`")),
        });
    }
}

fn choices(l: &Lane) -> String {
    let c: Vec<String> = l.auth.iter().map(|c| c.schemes.join("+")).collect();
    format!("[{}]", c.join(", "))
}

fn endpoint(e: &Endpoint) -> String {
    format!("endpoint {} `{}`", e.id, e.name)
}

fn diff_endpoint(
    cx: &Cx,
    (ol, oa, o): (&Lane, &Area, &Endpoint),
    (nl, na, n): (&Lane, &Area, &Endpoint),
    out: &mut Vec<Change>,
) {
    let op = endpoint_path(ol, &oa.name, &o.id);
    let np = endpoint_path(nl, &na.name, &n.id);
    let mut push = |kind,
                    key: &str,
                    detail: String,
                    wire: Verdict,
                    rust: Verdict,
                    addition,
                    migration: Option<String>| {
        out.push(Change {
            kind,
            subject: endpoint(n),
            detail,
            old: cx.old_at(&if key.is_empty() {
                op.clone()
            } else {
                op.key(key)
            }),
            new: cx.new_at(&if key.is_empty() {
                np.clone()
            } else {
                np.key(key)
            }),
            wire,
            rust,
            addition,
            migration,
        })
    };
    if o.name != n.name || oa.name != na.name {
        push(
            Kind::EndpointRenamed,
            "name",
            format!(
                "`{}::{}` → `{}::{}`",
                oa.trait_name, o.name, na.trait_name, n.name
            ),
            fine("same method and path on the wire"),
            breaks(format!(
                "method `{}` (and `{}Error`) is `{}` (`{}Error`) now",
                o.name, o.pascal, n.name, n.pascal
            )),
            false,
            Some(format!(
                "`{}` is `{}::{}` now",
                o.name, na.trait_name, n.name
            )),
        );
    }
    if o.method != n.method {
        push(
            Kind::MethodChanged,
            "method",
            format!("{} → {}", o.method.as_str(), n.method.as_str()),
            breaks("old clients send the old HTTP method"),
            fine("the method is not part of the Rust API"),
            false,
            None,
        );
    }
    // A moved lane (`base_path`) is one change of its own, not one per endpoint.
    if o.path != n.path {
        push(
            Kind::PathChanged,
            "path",
            format!("`{}` → `{}`", o.full_path, n.full_path),
            breaks("old clients call the old path"),
            fine("the path is not part of the Rust API"),
            false,
            None,
        );
    }
    let params = |e: &Endpoint| -> Vec<(String, String)> {
        e.path_params
            .iter()
            .map(|p| (p.wire_name.clone(), type_name(&p.ty)))
            .collect()
    };
    if params(o) != params(n) {
        push(
            Kind::PathParamsChanged,
            "params",
            format!("path parameters {:?} → {:?}", params(o), params(n)),
            breaks("old clients fill the old path template"),
            breaks(format!("`{}` takes other path arguments", n.name)),
            false,
            Some(format!(
                "`{}` takes ({}) now",
                n.name,
                params(n)
                    .iter()
                    .map(|p| p.0.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    for (a, b) in pair(&o.query_params, &n.query_params, |p| p.wire_name.clone()) {
        let query = format!("{}Query", n.pascal);
        let (kind, detail, wire, rust, addition, migration) = match (a, b) {
            (None, Some(p)) if !p.optional => (
                Kind::QueryParamAdded,
                format!("query parameter `{}` added (required)", p.wire_name),
                breaks("old clients do not send it; the new server requires it"),
                breaks(format!("`{query}::new` takes `{}` now", p.rust_name)),
                true,
                Some(format!("`{query}::new` takes `{}` now", p.rust_name)),
            ),
            (None, Some(p)) => (
                Kind::QueryParamAdded,
                format!("query parameter `{}` added (optional)", p.wire_name),
                fine("optional: old clients omit it"),
                breaks(format!(
                    "new public field `{query}::{}`: a struct literal no longer compiles",
                    p.rust_name
                )),
                true,
                Some(format!(
                    "struct literals of `{query}` need `{}`",
                    p.rust_name
                )),
            ),
            (Some(p), None) => (
                Kind::QueryParamRemoved,
                format!("query parameter `{}` removed", p.wire_name),
                fine("old clients still send it; servers ignore unknown parameters (inferred)"),
                breaks(format!("`{query}::{}` no longer exists", p.rust_name)),
                false,
                Some(format!("drop `{query}::{}`", p.rust_name)),
            ),
            (Some(x), Some(y)) if x.ty != y.ty || x.optional != y.optional => (
                Kind::QueryParamChanged,
                format!(
                    "query parameter `{}`: {} {} → {} {}",
                    y.wire_name,
                    type_name(&x.ty),
                    if x.optional { "optional" } else { "required" },
                    type_name(&y.ty),
                    if y.optional { "optional" } else { "required" }
                ),
                if x.ty != y.ty || (x.optional && !y.optional) {
                    breaks("old clients may send a value (or omission) the new server refuses")
                } else {
                    fine("everything old clients send stays valid")
                },
                breaks(format!(
                    "`{query}::{}` has another type or constructor",
                    y.rust_name
                )),
                false,
                Some(format!(
                    "`{query}::{}` is {} `{}` now",
                    y.rust_name,
                    if y.optional {
                        "an optional"
                    } else {
                        "a required"
                    },
                    type_name(&y.ty)
                )),
            ),
            _ => continue,
        };
        push(kind, "params", detail, wire, rust, addition, migration);
    }
    let body =
        |t: &Option<azotte_spec::model::TypeRef>| t.as_ref().map_or("none".to_owned(), type_name);
    if o.request != n.request {
        push(
            Kind::RequestChanged,
            "request",
            format!("request body {} → {}", body(&o.request), body(&n.request)),
            breaks("old clients send the old body"),
            breaks(format!("`{}` takes another argument", n.name)),
            false,
            Some(format!("`{}` takes {} now", n.name, body(&n.request))),
        );
    }
    if o.response != n.response {
        push(
            Kind::ResponseChanged,
            "response",
            format!("response {} → {}", body(&o.response), body(&n.response)),
            breaks("old clients decode the old response type"),
            breaks(format!("`{}` returns another type", n.name)),
            false,
            Some(format!("`{}` returns {} now", n.name, body(&n.response))),
        );
    }
    if (&o.payload, &o.payload_fallbacks) != (&n.payload, &n.payload_fallbacks) {
        let kept = o.payload == n.payload
            && o.payload_fallbacks
                .iter()
                .all(|k| n.payload_fallbacks.contains(k));
        push(
            Kind::PayloadChanged,
            "payload",
            format!(
                "payload {:?} {:?} → {:?} {:?}",
                o.payload, o.payload_fallbacks, n.payload, n.payload_fallbacks
            ),
            if kept {
                fine("old clients still find the payload")
            } else {
                breaks("old clients look for the payload under the old key")
            },
            fine("where the payload sits is not part of the Rust API"),
            false,
            None,
        );
    }
    if o.success != n.success {
        push(
            Kind::SuccessStatusChanged,
            "success",
            format!("HTTP {} → {}", o.success, n.success),
            fine("clients take any 2xx with a success envelope as success"),
            fine("the status is not part of the Rust API"),
            false,
            None,
        );
    }
    let error = format!("{}Error", n.pascal);
    for (a, b) in pair(&o.errors, &n.errors, String::clone) {
        match (a, b) {
            (None, Some(code)) => {
                let variant = cx
                    .new
                    .spec
                    .error(code)
                    .map_or(code.clone(), |e| e.variant.clone());
                push(
                    Kind::ErrorCodeAdded,
                    "errors",
                    format!("error code `{code}` added"),
                    fine(format!("old clients decode it as `{error}::Unknown(\"{code}\")`")),
                    breaks(format!("new variant `{error}::{variant}`: an exhaustive `match` on `{error}` no longer compiles")),
                    true,
                    Some(format!("add an arm for `{error}::{variant}` (or `_`) to matches on `{error}`")),
                );
            }
            (Some(code), None) => {
                let variant = cx
                    .old
                    .spec
                    .error(code)
                    .map_or(code.clone(), |e| e.variant.clone());
                push(
                    Kind::ErrorCodeRemoved,
                    "errors",
                    format!("error code `{code}` removed"),
                    fine("the server stops sending a code old clients know"),
                    breaks(format!("variant `{error}::{variant}` no longer exists")),
                    false,
                    Some(format!("remove arms matching `{error}::{variant}`")),
                );
            }
            _ => {}
        }
    }
    if o.pagination != n.pagination {
        let (wire, rust, addition) = match (&o.pagination, &n.pagination) {
            (None, Some(_)) => (
                fine("old clients fetch one page as before"),
                fine(format!("new method `{}_stream`", n.name)),
                true,
            ),
            (Some(_), None) => (
                fine("old clients see one page"),
                breaks(format!("`{}_stream` no longer exists", o.name)),
                false,
            ),
            _ => (
                breaks("old clients read the page info from the old keys"),
                fine("the same methods"),
                false,
            ),
        };
        let migration = rust
            .breaking
            .then(|| format!("page by hand with `{}`", n.name));
        push(
            Kind::PaginationChanged,
            "pagination",
            format!("{:?} → {:?}", o.pagination, n.pagination),
            wire,
            rust,
            addition,
            migration,
        );
    }
    if o.idempotency != n.idempotency {
        push(
            Kind::IdempotencyChanged,
            "idempotency",
            format!("{:?} → {:?}", o.idempotency, n.idempotency),
            fine("calls still succeed; which retries are safe changed"),
            fine("idempotency is not part of the Rust API"),
            false,
            None,
        );
    }
    if o.scopes != n.scopes {
        let more = n.scopes.iter().any(|s| !o.scopes.contains(s));
        push(
            Kind::ScopesChanged,
            "scopes",
            format!("{:?} → {:?}", o.scopes, n.scopes),
            if more {
                breaks("tokens old clients request may lack the new scope")
            } else {
                fine("fewer scopes required")
            },
            fine("scopes are not part of the Rust API"),
            false,
            None,
        );
    }
}

fn diff_events(cx: &Cx, o: &Lane, n: &Lane, out: &mut Vec<Change>) {
    for (a, b) in pair(&o.events, &n.events, |e| e.event_type.clone()) {
        let t = b.or(a).map(|e| e.event_type.clone()).unwrap_or_default();
        let at = lane_path(n).key("events").item(&t);
        let (kind, detail, wire, rust, migration) = match (a, b) {
            (None, Some(e)) => (
                Kind::EventAdded,
                "added".to_owned(),
                fine("old receivers decode it as `Event::Unknown`"),
                breaks(format!("new variant `Event::{}`: an exhaustive `match` on `{}::Event` no longer compiles", e.rust_name, n.rust_name)),
                Some(format!("add an arm for `{}::Event::{}` (or `_`)", n.rust_name, e.rust_name)),
            ),
            (Some(e), None) => (
                Kind::EventRemoved,
                "removed".to_owned(),
                fine("the server stops sending an event old receivers know"),
                breaks(format!("variant `{}::Event::{}` no longer exists", n.rust_name, e.rust_name)),
                Some(format!("remove arms matching `Event::{}`", e.rust_name)),
            ),
            (Some(x), Some(y)) if x.payload != y.payload || x.rust_name != y.rust_name => (
                Kind::EventChanged,
                format!("payload {} → {}", type_name(&x.payload), type_name(&y.payload)),
                if x.payload != y.payload { breaks("old receivers decode the old payload type") } else { fine("same payload") },
                breaks(format!("`Event::{}` carries another type or is named `Event::{}`", x.rust_name, y.rust_name)),
                Some(format!("`Event::{}` carries `{}` now", y.rust_name, type_name(&y.payload))),
            ),
            _ => continue,
        };
        out.push(Change {
            kind,
            subject: format!("webhook event `{t}` (lane `{}`)", n.name),
            detail,
            old: a.and_then(|_| cx.old_at(&at)),
            new: b.and_then(|_| cx.new_at(&at)),
            wire,
            rust,
            addition: a.is_none(),
            migration,
        });
    }
}
