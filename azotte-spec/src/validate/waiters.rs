//! Waiter checks: the polled endpoint exists and is a GET, its response has
//! the state field, and every listed state is a value that field can take.
//! The state field may be optional (an inferred field must be): a response
//! without it is still pending.

use super::lanes::LaneCheck;
use super::names::{did_you_mean, Collisions, ToSnakeCase};
use crate::model::{Area, HttpMethod, TypeKind, TypeRef, Waiter};
use crate::raw::RawLane;

impl LaneCheck<'_, '_, '_> {
    pub(super) fn waiters(&mut self, raw: &RawLane, areas: &[Area]) -> Vec<Waiter> {
        let mut names = Collisions::new("method");
        for ep in areas.iter().flat_map(|a| &a.endpoints) {
            names.reserve(&ep.name, &format!("endpoint {}", ep.id));
        }
        let mut out = Vec::new();
        for (i, w) in raw.waiters.iter().enumerate() {
            let path = self.path.key("waiters").index(i);
            let name = w.name.to_snake_case();
            let mut ok = names.check(self.ctx, self.file, &path.key("name"), &w.name, &name);
            let polled = areas
                .iter()
                .flat_map(|a| &a.endpoints)
                .find(|e| e.name == w.poll);
            let Some(polled) = polled else {
                if self.ctx.broken.contains("endpoints", &w.poll) {
                    continue;
                }
                let known = areas
                    .iter()
                    .flat_map(|a| &a.endpoints)
                    .map(|e| e.name.as_str());
                let hint = did_you_mean(&w.poll, known);
                self.value_error(
                    &path.key("poll"),
                    format!(
                        "waiter polls `{}`, which is not an endpoint of this lane{hint}",
                        w.poll
                    ),
                    "name an endpoint of this lane by its `name`",
                );
                continue;
            };
            if polled.method != HttpMethod::Get {
                ok = false;
                self.error(
                    &path.key("poll"),
                    format!(
                        "waiter polls `{}`, a {} endpoint",
                        w.poll,
                        polled.method.as_str()
                    ),
                    "a waiter repeats its call, so it must poll a GET endpoint",
                );
            }
            let states = self.state_values(polled.response.as_ref(), &w.poll, &w.state_field);
            let state_optional = states.as_ref().is_ok_and(|s| s.optional);
            match &states.map(|s| s.values) {
                Err((message, help)) => {
                    ok = false;
                    self.error(&path.key("state_field"), message.clone(), *help);
                }
                Ok(known) => {
                    let mut seen: Vec<(&str, usize, String)> = Vec::new();
                    for (key, list) in [
                        ("success", &w.success),
                        ("failure", &w.failure),
                        ("action_required", &w.action_required),
                    ] {
                        for (j, state) in list.iter().enumerate() {
                            if known.as_ref().is_some_and(|k| !k.contains(state)) {
                                ok = false;
                                let values = known.as_deref().unwrap_or_default().join(", ");
                                self.error(
                                    &path.key(key).index(j),
                                    format!("`{state}` is not a value of `{}`", w.state_field),
                                    format!("use one of: {values}"),
                                );
                            } else if let Some((k, i, _)) = seen.iter().find(|(_, _, s)| s == state)
                            {
                                ok = false;
                                let at = self.ctx.describe(self.file, &path.key(k).index(*i));
                                self.error(
                                    &path.key(key).index(j),
                                    format!("state `{state}` is listed twice (first at {at})"),
                                    "give each state one outcome",
                                );
                            }
                            seen.push((key, j, state.clone()));
                        }
                    }
                }
            }
            if w.success.is_empty() {
                ok = false;
                self.error(
                    &path,
                    "waiter has no `success` states",
                    "list the states that end the wait successfully",
                );
            }
            let (initial, max) = (
                w.initial_delay_ms.unwrap_or(500),
                w.max_delay_ms.unwrap_or(5000),
            );
            if initial == 0 || initial > max {
                ok = false;
                self.error(&path, format!("delays must satisfy 0 < initial_delay_ms ({initial}) <= max_delay_ms ({max})"), "fix the two delays");
            }
            if ok {
                out.push(Waiter {
                    name,
                    doc: w.doc.clone(),
                    poll: w.poll.clone(),
                    state_field: w.state_field.clone(),
                    state_optional,
                    success: w.success.clone(),
                    failure: w.failure.clone(),
                    action_required: w.action_required.clone(),
                    initial_delay_ms: initial,
                    max_delay_ms: max,
                });
            }
        }
        out
    }

    /// The values a state field may take (`None` when any string goes: a
    /// plain string field) and whether it may be absent. An error says why
    /// the field cannot hold a state: it is missing or not a string.
    fn state_values(
        &self,
        response: Option<&TypeRef>,
        poll: &str,
        field: &str,
    ) -> Result<StateField, (String, &'static str)> {
        let missing = || {
            (
                format!("the response of `{poll}` has no field `{field}`"),
                "name a field of the polled endpoint's response type",
            )
        };
        let Some(TypeRef::Named(n)) = response else {
            return Err(missing());
        };
        let Some(TypeKind::Object { fields }) = self.spec.type_def(n).map(|t| &t.kind) else {
            return Err(missing());
        };
        let f = fields
            .iter()
            .find(|f| f.wire_name == field)
            .ok_or_else(missing)?;
        let optional = !f.required();
        let not_string = || {
            (
                format!("state field `{field}` is not a string or string enum"),
                "use a field of type `string` or of a string enum",
            )
        };
        let values = match &f.ty {
            TypeRef::Primitive(crate::model::Primitive::String) => None,
            TypeRef::Named(t) => match self.spec.type_def(t).map(|t| &t.kind) {
                Some(TypeKind::Enum {
                    integer: false,
                    values,
                }) => Some(
                    values
                        .iter()
                        .filter_map(|v| match &v.wire {
                            crate::model::EnumWire::Str(s) => Some(s.clone()),
                            crate::model::EnumWire::Int(_) => None,
                        })
                        .collect(),
                ),
                _ => return Err(not_string()),
            },
            _ => return Err(not_string()),
        };
        Ok(StateField { values, optional })
    }
}

/// What a waiter's state field can hold.
struct StateField {
    /// Its wire values; `None` when any string goes.
    values: Option<Vec<String>>,
    /// It may be absent or `null`: the waiter then keeps polling.
    optional: bool,
}
