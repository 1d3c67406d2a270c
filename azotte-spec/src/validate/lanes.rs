//! `lanes:` — lanes, areas, endpoints and inbound events, checked against the
//! declarations (auth, envelopes, headers, errors, types) already validated.

use super::definitions::placeholders;
use super::names::{did_you_mean, Collisions, ToSnakeCase, ToUpperCamelCase};
use super::types::resolve_type;
use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{Area, AuthChoice, AuthKind, Direction, Endpoint, Event, Lane, Spec, TypeRef};
use crate::raw::{RawArea, RawLane};
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
    let mut ids: HashMap<String, (usize, YamlPath)> = HashMap::new();
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
            envelope: def.raw.envelope.as_deref().unwrap_or_default(),
            scopes: None,
            auth_broken: false,
        };
        out.push(lane.lane(def.name, rust_name, def.raw, &mut ids));
    }
    out
}

pub(super) struct LaneCheck<'c, 'a, 's> {
    pub(super) ctx: &'c mut Ctx<'a>,
    pub(super) file: usize,
    pub(super) spec: &'s Spec,
    pub(super) known: &'s [&'s str],
    pub(super) path: &'s YamlPath,
    /// The lane's envelope, whose payload key endpoints default to.
    pub(super) envelope: &'s str,
    /// Scopes the lane's OAuth2 schemes declare (`None`: no OAuth2 scheme).
    pub(super) scopes: Option<Vec<String>>,
    /// One of the lane's auth schemes failed its own checks, so which scopes
    /// it declares is not known.
    pub(super) auth_broken: bool,
}

impl LaneCheck<'_, '_, '_> {
    pub(super) fn error(
        &mut self,
        path: &YamlPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.ctx.error(self.file, path, message, help);
    }

    /// See [`Ctx::value_error`].
    pub(super) fn value_error(
        &mut self,
        path: &YamlPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.ctx.value_error(self.file, path, message, help);
    }

    pub(super) fn ty(&mut self, path: &YamlPath, text: &str) -> Option<TypeRef> {
        resolve_type(self.ctx, self.file, path, text, self.known)
    }

    fn lane(
        &mut self,
        name: &str,
        rust_name: String,
        raw: &RawLane,
        ids: &mut HashMap<String, (usize, YamlPath)>,
    ) -> Lane {
        let path = self.path;
        let direction = match raw.direction.as_deref() {
            None | Some("outbound") => Direction::Outbound,
            Some("inbound") => Direction::Inbound,
            Some(other) => {
                self.value_error(
                    &path.key("direction"),
                    format!("unknown direction `{other}`"),
                    "use `outbound` (we call the API) or `inbound` (webhooks)",
                );
                Direction::Outbound
            }
        };
        let base_path = self.base_path(raw);
        for (i, env) in raw.environments.iter().enumerate() {
            if self.spec.environment(env).is_none()
                && !self.ctx.broken.contains("environments", env)
            {
                let hint =
                    did_you_mean(env, self.spec.environments.iter().map(|e| e.name.as_str()));
                self.value_error(
                    &path.key("environments").index(i),
                    format!("unknown environment `{env}`{hint}"),
                    format!(
                        "declare it under `environments:` or use a declared one: {}",
                        self.spec
                            .environments
                            .iter()
                            .map(|e| e.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        let auth = self.auth(raw, direction);
        self.scopes = self.declared_scopes(&auth);
        self.auth_broken = raw
            .auth
            .iter()
            .flat_map(|a| a.split('+'))
            .any(|s| self.ctx.broken.contains("auth", s.trim()));
        match &raw.envelope {
            Some(envelope)
                if self.spec.envelope(envelope).is_none()
                    && !self.ctx.broken.contains("envelopes", envelope) =>
            {
                let names = self.spec.envelopes.iter().map(|e| e.name.as_str());
                let hint = did_you_mean(envelope, names.clone());
                let declared: Vec<&str> = names.collect();
                self.value_error(
                    &path.key("envelope"),
                    format!("unknown envelope `{envelope}`{hint}"),
                    format!(
                        "declare it under `envelopes:` or use a declared one: {}",
                        declared.join(", ")
                    ),
                );
            }
            None if direction == Direction::Outbound => self.error(
                path,
                format!("lane `{name}` has no `envelope`"),
                "name the envelope its responses come in, e.g. `envelope: general_response`",
            ),
            _ => {}
        }
        for (i, h) in raw.headers.iter().enumerate() {
            if self.spec.header(h).is_none() && !self.ctx.broken.contains("headers", h) {
                let hint = did_you_mean(h, self.spec.headers.iter().map(|h| h.name.as_str()));
                self.value_error(
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
            example: raw.example.clone(),
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

    /// Every scope the OAuth2 schemes among `auth` declare, or `None` without one.
    fn declared_scopes(&self, auth: &[AuthChoice]) -> Option<Vec<String>> {
        let mut found = None;
        for scheme in auth
            .iter()
            .flat_map(|c| &c.schemes)
            .filter_map(|s| self.spec.auth_scheme(s))
        {
            if let AuthKind::OAuth2ClientCredentials { scopes, .. } = &scheme.kind {
                let list: &mut Vec<String> = found.get_or_insert_with(Vec::new);
                list.extend(scopes.iter().map(|(name, _)| name.clone()));
            }
        }
        found
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
                    self.error(
                        &path,
                        format!("auth scheme `{a}` is combined with itself"),
                        "name each scheme once in a combination",
                    );
                    continue;
                }
                match self.spec.auth_scheme(a) {
                    None if self.ctx.broken.contains("auth", a) => ok = false,
                    None => {
                        ok = false;
                        let names = self.spec.auth.iter().map(|s| s.name.as_str());
                        let hint = did_you_mean(a, names.clone());
                        let declared: Vec<&str> = names.collect();
                        self.value_error(
                            &path,
                            format!("unknown auth scheme `{a}`{hint}"),
                            format!(
                                "declare it under `auth:` or use a declared one: {}",
                                declared.join(", ")
                            ),
                        );
                    }
                    Some(s) => {
                        let webhook = matches!(s.kind, AuthKind::HmacWebhook { .. });
                        if webhook != (direction == Direction::Inbound)
                            || (webhook && schemes.len() > 1)
                        {
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
        let mut names = Collisions::new("event").named_by_key();
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
        ids: &mut HashMap<String, (usize, YamlPath)>,
    ) -> Vec<Area> {
        let mut traits = Collisions::new("area");
        traits.reserve("Client", "the generated lane client");
        traits.reserve("Credentials", "the lane's generated credentials enum");
        traits.reserve_std_names();
        let mut methods = Collisions::new("endpoint name");
        // The lane's statics (`LANE`, `LANE_ENDPOINT`) share the endpoint statics'
        // namespace, and the client's own methods would shadow trait methods.
        for (name, by) in [
            ("lane", "the generated `LANE` static"),
            ("lane_endpoint", "the generated `LANE_ENDPOINT` const"),
            ("runtime", "the client's `runtime()` method"),
            ("with_config", "the client's `with_config` constructor"),
            (
                "with_correlation_id",
                "the client's `with_correlation_id` method",
            ),
            (
                "with_idempotency_key",
                "the client's `with_idempotency_key` method",
            ),
            ("with_header", "the client's `with_header` method"),
        ] {
            methods.reserve(name, by);
        }
        let mut out = Vec::new();
        for (name, area) in &raw.areas {
            let path = self.path.key("areas").key(name);
            let trait_name = name.to_upper_camel_case();
            traits.check(self.ctx, self.file, &path, name, &trait_name);
            let endpoints = self.endpoints(area, &path, base_path, ids, &mut methods);
            if endpoints.iter().any(|e| e.verb.is_some()) {
                // The area's handle accessor, `client.<area>()`, is a method too.
                methods.check(self.ctx, self.file, &path, name, &name.to_snake_case());
            }
            out.push(Area {
                name: name.clone(),
                trait_name,
                title: area.title.clone(),
                doc: area.doc.clone(),
                endpoints,
            });
        }
        self.lane_items(&out);
        out
    }

    /// The types a lane module declares besides its area traits (checked
    /// above) must not take each other's names: an area's handle
    /// `<Area>Api`, and each endpoint's `<Name>Error` and `<Name>Query`.
    fn lane_items(&mut self, areas: &[Area]) {
        // Rust name → what took it, and where.
        let mut taken: HashMap<String, (String, YamlPath)> = HashMap::new();
        for area in areas {
            taken.insert(
                area.trait_name.clone(),
                (
                    format!("the trait of area `{}`", area.name),
                    self.path.key("areas").key(&area.name),
                ),
            );
        }
        let mut claim =
            |lane: &mut Self, rust: String, what: String, path: YamlPath| match taken.get(&rust) {
                Some((first, at)) => {
                    let at = lane.ctx.describe(lane.file, at);
                    lane.error(
                        &path,
                        format!("{what} is `{rust}`, which is already {first} (at {at})"),
                        "rename one of them (an area, or an endpoint's `name`)",
                    )
                }
                None => {
                    taken.insert(rust, (what, path));
                }
            };
        for area in areas {
            let area_path = self.path.key("areas").key(&area.name);
            if area.endpoints.iter().any(|e| e.verb.is_some()) {
                let what = format!("the handle of area `{}`", area.name);
                claim(
                    self,
                    format!("{}Api", area.trait_name),
                    what,
                    area_path.clone(),
                );
            }
            for ep in &area.endpoints {
                let path = area_path.key("endpoints").item(&ep.id).key("name");
                let what = format!("the error enum of endpoint `{}`", ep.name);
                claim(self, format!("{}Error", ep.pascal), what, path.clone());
                if !ep.query_params.is_empty() {
                    let what = format!("the query struct of endpoint `{}`", ep.name);
                    claim(self, format!("{}Query", ep.pascal), what, path);
                }
            }
        }
    }

    fn endpoints(
        &mut self,
        area: &RawArea,
        area_path: &YamlPath,
        base_path: &str,
        ids: &mut HashMap<String, (usize, YamlPath)>,
        methods: &mut Collisions,
    ) -> Vec<Endpoint> {
        if area.endpoints.is_empty() && !self.ctx.broken.contains("areas", &area_path.to_string()) {
            self.error(
                area_path,
                "area has no endpoints",
                "add endpoints or remove the area",
            );
        }
        let mut out = Vec::new();
        let mut verbs = Collisions::new("verb");
        for (i, ep) in area.endpoints.iter().enumerate() {
            let path = area_path.key("endpoints").item(&ep.id);
            if let Some((file, where_)) = ids.get(&ep.id) {
                let first = self.ctx.describe(*file, where_);
                // By index: the id alone would lead to the first definition.
                let path = area_path.key("endpoints").index(i);
                self.error(
                    &path.key("id"),
                    format!("endpoint id `{}` is used twice (first at {first})", ep.id),
                    "give each endpoint its own id",
                );
                // Its other mistakes are still worth knowing; it is not kept.
                let name = ep.name.to_snake_case();
                self.endpoint(ep, &path, base_path, name);
                continue;
            }
            ids.insert(ep.id.clone(), (self.file, path.clone()));
            let name = ep.name.to_snake_case();
            // An endpoint whose method name is taken is not kept: the names
            // derived from it would only collide again.
            let named = methods.check(self.ctx, self.file, &path.key("name"), &ep.name, &name);
            if let Some(verb) = &ep.verb {
                verbs.check(
                    self.ctx,
                    self.file,
                    &path.key("verb"),
                    verb,
                    &verb.to_snake_case(),
                );
            }
            if let Some(e) = self.endpoint(ep, &path, base_path, name) {
                if e.pagination
                    .as_ref()
                    .is_some_and(|p| p.page_param.is_some())
                {
                    // The generated `<name>_stream` method takes this name too.
                    let stream = format!("{}_stream", e.name);
                    methods.check(
                        self.ctx,
                        self.file,
                        &path.key("pagination"),
                        &stream,
                        &stream,
                    );
                }
                if named {
                    out.push(e);
                }
            }
        }
        out
    }
}
