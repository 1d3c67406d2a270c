//! `lanes:` — lanes, areas, endpoints and inbound events, checked against the
//! declarations (auth, envelopes, headers, errors, types) already validated.

use super::definitions::placeholders;
use super::names::{did_you_mean, Collisions, ToSnakeCase, ToUpperCamelCase};
use super::types::resolve_type;
use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{
    Area, AuthKind, Direction, Endpoint, Event, HeaderRole, HttpMethod, Idempotency, Lane,
    Pagination, Param, PayloadLocation, Spec, TypeKind, TypeRef, Waiter, AuthChoice,
};
use crate::raw::{RawArea, RawEndpoint, RawLane};
use std::collections::HashMap;

/// Module names the generator uses itself; a lane may not take them.
const RESERVED_MODULES: [&str; 4] = ["types", "environment", "auth", "envelopes"];

pub(crate) fn validate_lanes(
    ctx: &mut Ctx,
    defs: &[Def<RawLane>],
    spec: &Spec,
    known: &[&str],
) -> Vec<Lane> {
    let mut modules = Collisions::new("lane");
    for m in RESERVED_MODULES {
        modules.reserve(m, "a module of the generated crate");
    }
    let mut ids: HashMap<String, (usize, String)> = HashMap::new();
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("lanes").key(def.name);
        let rust_name = def.name.to_snake_case();
        modules.check(ctx, def.file, &path, def.name, &rust_name);
        let mut lane = LaneCheck {
            ctx: &mut *ctx,
            file: def.file,
            spec,
            known,
            path: &path,
            envelope: &def.raw.envelope,
        };
        out.push(lane.lane(def.name, rust_name, def.raw, &mut ids));
    }
    out
}

struct LaneCheck<'c, 'a, 's> {
    ctx: &'c mut Ctx<'a>,
    file: usize,
    spec: &'s Spec,
    known: &'s [&'s str],
    path: &'s YamlPath,
    /// The lane's envelope, whose payload key endpoints default to.
    envelope: &'s str,
}

impl LaneCheck<'_, '_, '_> {
    fn error(&mut self, path: &YamlPath, message: impl Into<String>, help: impl Into<String>) {
        self.ctx.error(self.file, path, message, help);
    }

    fn ty(&mut self, path: &YamlPath, text: &str) -> Option<TypeRef> {
        resolve_type(self.ctx, self.file, path, text, self.known)
    }

    fn lane(
        &mut self,
        name: &str,
        rust_name: String,
        raw: &RawLane,
        ids: &mut HashMap<String, (usize, String)>,
    ) -> Lane {
        let path = self.path;
        let direction = match raw.direction.as_deref() {
            None | Some("outbound") => Direction::Outbound,
            Some("inbound") => Direction::Inbound,
            Some(other) => {
                self.error(
                    &path.key("direction"),
                    format!("unknown direction `{other}`"),
                    "use `outbound` (we call the API) or `inbound` (webhooks)",
                );
                Direction::Outbound
            }
        };
        let base_path = self.base_path(raw);
        for (i, env) in raw.environments.iter().enumerate() {
            if self.spec.environment(env).is_none() {
                let hint =
                    did_you_mean(env, self.spec.environments.iter().map(|e| e.name.as_str()));
                self.error(
                    &path.key("environments").index(i),
                    format!("unknown environment `{env}`{hint}"),
                    "declare it under `environments:` or fix the name",
                );
            }
        }
        let auth = self.auth(raw, direction);
        if self.spec.envelope(&raw.envelope).is_none() {
            let hint = did_you_mean(
                &raw.envelope,
                self.spec.envelopes.iter().map(|e| e.name.as_str()),
            );
            self.error(
                &path.key("envelope"),
                format!("unknown envelope `{}`{hint}", raw.envelope),
                "declare it under `envelopes:` or use one that is",
            );
        }
        for (i, h) in raw.headers.iter().enumerate() {
            if self.spec.header(h).is_none() {
                let hint = did_you_mean(h, self.spec.headers.iter().map(|h| h.name.as_str()));
                self.error(
                    &path.key("headers").index(i),
                    format!("unknown header `{h}`{hint}"),
                    "declare it under `headers:` or fix the name",
                );
            }
        }
        let (areas, events) = match direction {
            Direction::Outbound => {
                if !raw.events.is_empty()
                    || raw.event_type_field.is_some()
                    || raw.event_data_field.is_some()
                {
                    self.error(
                        &path.key("events"),
                        format!("lane `{name}` is outbound but declares events"),
                        "events belong to `direction: inbound` lanes",
                    );
                }
                if raw.areas.is_empty() {
                    self.error(
                        path,
                        format!("lane `{name}` has no `areas`"),
                        "add at least one area with endpoints",
                    );
                }
                let areas = self.areas(raw, &base_path, ids);
                (areas, Vec::new())
            }
            Direction::Inbound => {
                if !raw.areas.is_empty() {
                    self.error(
                        &path.key("areas"),
                        format!("lane `{name}` is inbound but declares areas"),
                        "inbound lanes list `events`; endpoints belong to outbound lanes",
                    );
                }
                (Vec::new(), self.events(raw))
            }
        };
        let waiters = self.waiters(raw, &areas);
        Lane {
            name: name.to_owned(),
            rust_name,
            title: raw.title.clone(),
            doc: raw.doc.clone(),
            direction,
            base_path,
            environments: raw.environments.clone(),
            auth,
            envelope: raw.envelope.clone(),
            headers: raw.headers.clone(),
            areas,
            event_type_field: raw.event_type_field.clone(),
            event_data_field: raw.event_data_field.clone(),
            events,
            waiters,
        }
    }

    fn waiters(&mut self, raw: &RawLane, areas: &[Area]) -> Vec<Waiter> {
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
                let known = areas
                    .iter()
                    .flat_map(|a| &a.endpoints)
                    .map(|e| e.name.as_str());
                let hint = did_you_mean(&w.poll, known);
                self.error(
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
            let states = self.state_values(polled.response.as_ref(), &w.state_field);
            match &states {
                None => {
                    ok = false;
                    self.error(
                        &path.key("state_field"),
                        format!(
                            "the response of `{}` has no field `{}`",
                            w.poll, w.state_field
                        ),
                        "name a field of the polled endpoint's response type",
                    );
                }
                Some(known) => {
                    let mut seen = Vec::new();
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
                            } else if seen.contains(state) {
                                ok = false;
                                self.error(
                                    &path.key(key).index(j),
                                    format!("state `{state}` is listed twice"),
                                    "give each state one outcome",
                                );
                            }
                            seen.push(state.clone());
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

    /// The values a state field may take: `Some(None)` when any string goes
    /// (a plain string field), `None` when the response has no such field.
    fn state_values(&self, response: Option<&TypeRef>, field: &str) -> Option<Option<Vec<String>>> {
        let Some(TypeRef::Named(n)) = response else {
            return None;
        };
        let TypeKind::Object { fields } = &self.spec.type_def(n)?.kind else {
            return None;
        };
        let f = fields.iter().find(|f| f.wire_name == field)?;
        match &f.ty {
            TypeRef::Named(t) => match &self.spec.type_def(t)?.kind {
                TypeKind::Enum { values, .. } => Some(Some(
                    values
                        .iter()
                        .map(|v| match &v.wire {
                            crate::model::EnumWire::Str(s) => s.clone(),
                            crate::model::EnumWire::Int(i) => i.to_string(),
                        })
                        .collect(),
                )),
                _ => Some(None),
            },
            _ => Some(None),
        }
    }

    fn base_path(&mut self, raw: &RawLane) -> String {
        let path = self.path.key("base_path");
        if !raw.base_path.starts_with('/') {
            self.error(
                &path,
                format!("base path `{}` does not start with `/`", raw.base_path),
                "write it from the host root, e.g. `/api/{version}/c2a`",
            );
        }
        match placeholders(&raw.base_path) {
            Ok(vars) => {
                for v in vars.iter().filter(|v| *v != "version") {
                    self.error(
                        &path,
                        format!("base path placeholder `{{{v}}}` is unknown"),
                        "the only placeholder allowed in a base path is `{version}`",
                    );
                }
            }
            Err(message) => self.error(&path, message, "placeholders look like `{version}`"),
        }
        raw.base_path
            .replace("{version}", &self.spec.api.version)
            .trim_end_matches('/')
            .to_owned()
    }

    /// Each `auth` entry is one accepted way in: a scheme, or `a + b` for schemes
    /// applied together (e.g. a service token plus a request signature).
    fn auth(&mut self, raw: &RawLane, direction: Direction) -> Vec<AuthChoice> {
        if raw.auth.is_empty() {
            self.error(
                self.path,
                "lane has no `auth`",
                "list the accepted auth schemes, e.g. `auth: [tenant_api_key]`",
            );
        }
        let mut choices = Vec::new();
        for (i, entry) in raw.auth.iter().enumerate() {
            let path = self.path.key("auth").index(i);
            let schemes: Vec<String> = entry.split('+').map(|a| a.trim().to_owned()).collect();
            let mut ok = true;
            for (j, a) in schemes.iter().enumerate() {
                if schemes[..j].contains(a) {
                    ok = false;
                    self.error(&path, format!("auth scheme `{a}` is combined with itself"), "name each scheme once in a combination");
                    continue;
                }
                match self.spec.auth_scheme(a) {
                    None => {
                        ok = false;
                        let hint = did_you_mean(a, self.spec.auth.iter().map(|s| s.name.as_str()));
                        self.error(
                            &path,
                            format!("unknown auth scheme `{a}`{hint}"),
                            "declare it under `auth:` or use one that is",
                        );
                    }
                    Some(s) => {
                        let webhook = matches!(s.kind, AuthKind::HmacWebhook { .. });
                        if webhook != (direction == Direction::Inbound) || (webhook && schemes.len() > 1) {
                            ok = false;
                            self.error(&path, format!("auth scheme `{a}` does not fit a lane of this direction"), "inbound lanes use one `hmac_webhook` scheme; outbound lanes use the others");
                        }
                    }
                }
            }
            if ok {
                choices.push(AuthChoice { schemes });
            }
        }
        choices
    }

    fn events(&mut self, raw: &RawLane) -> Vec<Event> {
        if raw.events.is_empty() {
            self.error(
                self.path,
                "inbound lane has no `events`",
                "list the event types the API delivers",
            );
        }
        if raw.event_type_field.is_none() {
            self.error(
                self.path,
                "inbound lane has no `event_type_field`",
                "name the payload key holding the event type, e.g. `event_type_field: type`",
            );
        }
        let mut names = Collisions::new("event");
        names.reserve("Unknown", "the generated `Unknown` arm");
        let mut out = Vec::new();
        for (i, e) in raw.events.iter().enumerate() {
            let path = self.path.key("events").index(i);
            let rust_name = e
                .name
                .clone()
                .unwrap_or_else(|| e.ty.replace('.', "_"))
                .to_upper_camel_case();
            let ok = names.check(self.ctx, self.file, &path, &e.ty, &rust_name);
            if let (Some(payload), true) = (self.ty(&path.key("payload"), &e.payload), ok) {
                out.push(Event {
                    event_type: e.ty.clone(),
                    rust_name,
                    payload,
                    doc: e.doc.clone(),
                });
            }
        }
        out
    }

    fn areas(
        &mut self,
        raw: &RawLane,
        base_path: &str,
        ids: &mut HashMap<String, (usize, String)>,
    ) -> Vec<Area> {
        let mut traits = Collisions::new("area");
        traits.reserve("Client", "the generated lane client");
        let mut methods = Collisions::new("endpoint name");
        let mut out = Vec::new();
        for (name, area) in &raw.areas {
            let path = self.path.key("areas").key(name);
            let trait_name = name.to_upper_camel_case();
            traits.check(self.ctx, self.file, &path, name, &trait_name);
            let endpoints = self.endpoints(area, &path, base_path, ids, &mut methods);
            out.push(Area {
                name: name.clone(),
                trait_name,
                title: area.title.clone(),
                doc: area.doc.clone(),
                endpoints,
            });
        }
        out
    }

    fn endpoints(
        &mut self,
        area: &RawArea,
        area_path: &YamlPath,
        base_path: &str,
        ids: &mut HashMap<String, (usize, String)>,
        methods: &mut Collisions,
    ) -> Vec<Endpoint> {
        if area.endpoints.is_empty() {
            self.error(
                area_path,
                "area has no endpoints",
                "add endpoints or remove the area",
            );
        }
        let mut out = Vec::new();
        for (i, ep) in area.endpoints.iter().enumerate() {
            let path = area_path.key("endpoints").item(&ep.id);
            if let Some((file, where_)) = ids.get(&ep.id) {
                let first = self.ctx.file_name(*file).to_owned();
                // By index: the id alone would lead to the first definition.
                self.error(
                    &area_path.key("endpoints").index(i).key("id"),
                    format!(
                        "endpoint id `{}` is used twice (first at {where_} in {first})",
                        ep.id
                    ),
                    "give each endpoint its own id",
                );
                continue;
            }
            ids.insert(ep.id.clone(), (self.file, path.to_string()));
            let name = ep.name.to_snake_case();
            methods.check(self.ctx, self.file, &path.key("name"), &ep.name, &name);
            if let Some(e) = self.endpoint(ep, &path, base_path, name) {
                out.push(e);
            }
        }
        out
    }

    fn endpoint(
        &mut self,
        ep: &RawEndpoint,
        path: &YamlPath,
        base_path: &str,
        name: String,
    ) -> Option<Endpoint> {
        let method = HttpMethod::parse(&ep.method);
        if method.is_none() {
            let hint = did_you_mean(
                &ep.method.to_uppercase(),
                ["GET", "POST", "PUT", "PATCH", "DELETE"],
            );
            self.error(
                &path.key("method"),
                format!("`{}` is not an HTTP method{hint}", ep.method),
                "use GET, POST, PUT, PATCH or DELETE (upper case)",
            );
        }
        if !ep.path.starts_with('/') {
            self.error(
                &path.key("path"),
                format!("path `{}` does not start with `/`", ep.path),
                "write it relative to the lane's base path, starting with `/`",
            );
        }
        let (path_params, query_params) = self.params(ep, path);
        let request = ep
            .request
            .as_ref()
            .and_then(|r| self.ty(&path.key("request"), r));
        if let (Some(m), Some(_)) = (method, &ep.request) {
            if !m.has_body() {
                self.error(
                    &path.key("request"),
                    format!(
                        "a {} request has no body, but `request` is given",
                        m.as_str()
                    ),
                    "move the inputs to `params` (in: query) or use POST/PUT/PATCH",
                );
            }
        }
        let response = ep
            .response
            .as_ref()
            .and_then(|r| self.ty(&path.key("response"), r));
        let payload = match (ep.payload.as_deref(), &ep.response) {
            (Some(_), None) => {
                self.error(
                    &path.key("payload"),
                    "`payload` is given but there is no `response`",
                    "add `response: <Type>` or remove `payload`",
                );
                PayloadLocation::Empty
            }
            (None, None) => PayloadLocation::Empty,
            (Some("inline"), Some(_)) => PayloadLocation::Inline,
            (Some(key), Some(_)) => PayloadLocation::Key(key.to_owned()),
            (None, Some(_)) => {
                let key = self
                    .spec
                    .envelope(self.envelope)
                    .map(|e| e.payload.clone())
                    .unwrap_or_default();
                PayloadLocation::Key(key)
            }
        };
        let success = ep.success.unwrap_or(200);
        if !(200..=299).contains(&success) {
            self.error(
                &path.key("success"),
                format!("success status {success} is not 2xx"),
                "use the documented 2xx status, e.g. 200 or 202",
            );
        }
        let mut seen = Vec::new();
        for (i, code) in ep.errors.iter().enumerate() {
            let epath = path.key("errors").index(i);
            if self.spec.error(code).is_none() {
                let hint = did_you_mean(code, self.spec.errors.iter().map(|e| e.code.as_str()));
                self.error(
                    &epath,
                    format!("error code `{code}` is not in the catalog{hint}"),
                    "add it under `errors:` (with its HTTP status) or fix the code",
                );
            } else if seen.contains(code) {
                self.error(
                    &epath,
                    format!("error code `{code}` is listed twice"),
                    "remove the duplicate",
                );
            }
            seen.push(code.clone());
        }
        let idempotency = self.idempotency(ep, path, request.as_ref());
        let pagination = self.pagination(ep, path, response.as_ref(), &query_params);
        Some(Endpoint {
            id: ep.id.clone(),
            pascal: name.to_upper_camel_case(),
            name,
            method: method?,
            path: ep.path.clone(),
            full_path: format!("{base_path}{}", ep.path),
            summary: ep.summary.clone(),
            doc: ep.doc.clone(),
            path_params,
            query_params,
            request,
            response,
            payload,
            success,
            errors: seen,
            idempotency,
            idempotency_doc: ep.idempotency.as_ref().and_then(|i| i.doc.clone()),
            pagination,
        })
    }

    fn params(&mut self, ep: &RawEndpoint, path: &YamlPath) -> (Vec<Param>, Vec<Param>) {
        let placeholders = match placeholders(&ep.path) {
            Ok(p) => p,
            Err(message) => {
                self.error(
                    &path.key("path"),
                    message,
                    "path parameters look like `{customerUrn}`",
                );
                Vec::new()
            }
        };
        let mut names = Collisions::new("parameter");
        let (mut in_path, mut in_query) = (Vec::new(), Vec::new());
        for (wire, p) in &ep.params {
            let ppath = path.key("params").key(wire);
            let rust_name = wire.to_snake_case();
            names.check(self.ctx, self.file, &ppath, wire, &rust_name);
            let is_path = match p.location.as_str() {
                "path" => true,
                "query" => false,
                other => {
                    self.error(
                        &ppath.key("in"),
                        format!("parameter location `{other}` is unknown"),
                        "use `in: path` or `in: query` (request bodies go in `request`)",
                    );
                    continue;
                }
            };
            if is_path && !placeholders.contains(wire) {
                self.error(
                    &ppath,
                    format!(
                        "path parameter `{wire}` is declared but `{}` has no `{{{wire}}}`",
                        ep.path
                    ),
                    format!("add `{{{wire}}}` to the path, make it `in: query`, or remove it"),
                );
            }
            if is_path && p.optional {
                self.error(
                    &ppath.key("optional"),
                    format!("path parameter `{wire}` cannot be optional"),
                    "remove `optional: true`",
                );
            }
            let Some(ty) = self.ty(&ppath.key("type"), &p.ty) else {
                continue;
            };
            if !self.is_scalar(&ty) {
                self.error(
                    &ppath.key("type"),
                    format!("parameter `{wire}` has a non-scalar type `{}`", p.ty),
                    "parameters must be primitives, newtypes or enums",
                );
            }
            let param = Param {
                wire_name: wire.clone(),
                rust_name,
                ty,
                optional: p.optional,
                doc: p.doc.clone(),
            };
            if is_path {
                in_path.push(param)
            } else {
                in_query.push(param)
            }
        }
        for ph in &placeholders {
            let declared = ep.params.get(ph).is_some_and(|p| p.location == "path");
            if !declared {
                self.error(
                    &path.key("path"),
                    format!(
                        "path `{}` uses `{{{ph}}}` but no path parameter `{ph}` is declared",
                        ep.path
                    ),
                    format!("add `params: {{ {ph}: {{ in: path, type: <Type> }} }}`"),
                );
            }
        }
        // Path parameters in the order they appear in the path.
        in_path.sort_by_key(|p: &Param| placeholders.iter().position(|ph| *ph == p.wire_name));
        (in_path, in_query)
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Primitive(p) => *p != crate::model::Primitive::Json,
            // A type that failed validation is already reported: no knock-on error.
            TypeRef::Named(n) => self
                .spec
                .type_def(n)
                .is_none_or(|t| !matches!(t.kind, TypeKind::Object { .. })),
            TypeRef::List(_) | TypeRef::Map(_) => false,
        }
    }

    fn object_has_field(&self, ty: Option<&TypeRef>, field: &str) -> bool {
        match ty {
            Some(TypeRef::Named(n)) => self.spec.type_def(n).is_some_and(|t| match &t.kind {
                TypeKind::Object { fields } => fields.iter().any(|f| f.wire_name == field),
                _ => false,
            }),
            _ => false,
        }
    }

    fn idempotency(
        &mut self,
        ep: &RawEndpoint,
        path: &YamlPath,
        request: Option<&TypeRef>,
    ) -> Option<Idempotency> {
        let raw = ep.idempotency.as_ref()?;
        let ipath = path.key("idempotency");
        match (&raw.header, &raw.field) {
            (Some(h), None) => {
                match self.spec.header(h) {
                    Some(hdr) if hdr.role == HeaderRole::IdempotencyKey => {}
                    Some(_) => self.error(
                        &ipath.key("header"),
                        format!("header `{h}` is not declared with `role: idempotency_key`"),
                        format!("add `role: idempotency_key` to `headers.{h}`"),
                    ),
                    None => self.error(
                        &ipath.key("header"),
                        format!("unknown header `{h}`"),
                        "declare it under `headers:` with `role: idempotency_key`",
                    ),
                }
                Some(Idempotency::Header(h.clone()))
            }
            (None, Some(f)) => {
                if !self.object_has_field(request, f) {
                    self.error(
                        &ipath.key("field"),
                        format!("idempotency field `{f}` is not a field of the request body"),
                        "name a field of the `request` type, or use `header:`",
                    );
                }
                Some(Idempotency::BodyField(f.clone()))
            }
            _ => {
                self.error(
                    &ipath,
                    "idempotency needs exactly one of `header` or `field`",
                    "write `{ header: Idempotency-Key }` or `{ field: correlationId }`",
                );
                None
            }
        }
    }

    fn pagination(
        &mut self,
        ep: &RawEndpoint,
        path: &YamlPath,
        response: Option<&TypeRef>,
        query: &[Param],
    ) -> Option<Pagination> {
        let raw = ep.pagination.as_ref()?;
        let ppath = path.key("pagination");
        for key in std::iter::once(&raw.items).chain(raw.page_info.as_ref()) {
            if !self.object_has_field(response, key) {
                self.error(
                    &ppath,
                    format!("the response type has no field `{key}`"),
                    "pagination keys must be fields of the endpoint's `response` type",
                );
            }
        }
        if let Some(p) = &raw.page_param {
            if !query.iter().any(|q| &q.wire_name == p) {
                self.error(
                    &ppath.key("page_param"),
                    format!("page parameter `{p}` is not a query parameter of this endpoint"),
                    format!("add `params: {{ {p}: {{ in: query, type: u32, optional: true }} }}`"),
                );
            }
        }
        Some(Pagination {
            items: raw.items.clone(),
            page_info: raw.page_info.clone(),
            page_param: raw.page_param.clone(),
        })
    }
}
