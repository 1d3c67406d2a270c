//! Endpoint-level checks of a lane: method, path and its parameters, body,
//! payload location, error codes, idempotency and pagination.

use super::definitions::placeholders;
use super::lanes::LaneCheck;
use super::names::{check_setter, did_you_mean, Collisions, ToSnakeCase, ToUpperCamelCase};
use crate::locate::YamlPath;
use crate::model::{
    Endpoint, HeaderRole, HttpMethod, Idempotency, Pagination, Param, PayloadLocation, TypeKind,
    TypeRef,
};
use crate::raw::{OneOrMany, RawEndpoint};

impl LaneCheck<'_, '_, '_> {
    pub(super) fn endpoint(
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
            self.value_error(
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
        // The generated method takes the path parameters, then `query` and `request`.
        for p in &path_params {
            let taken = match p.rust_name.as_str() {
                "query" if !query_params.is_empty() => "the query parameters' struct",
                "request" if ep.request.is_some() => "the request body",
                _ => continue,
            };
            self.error(
                &path.key("params").key(&p.wire_name),
                format!(
                    "path parameter `{}` becomes the argument `{}`, which the generated method already takes for {taken}",
                    p.wire_name, p.rust_name
                ),
                "rename the parameter (and its `{placeholder}` in the path)",
            );
        }
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
        let (payload, payload_fallbacks) = self.payload(ep, path);
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
                if self.ctx.broken.contains("errors", code) {
                    continue;
                }
                let hint = did_you_mean(code, self.spec.errors.iter().map(|e| e.code.as_str()));
                self.value_error(
                    &epath,
                    format!("error code `{code}` is not in the catalog{hint}"),
                    "add it under `errors:` (with its HTTP status) or fix the code",
                );
            } else if let Some(first) = seen.iter().position(|c| c == code) {
                let at = self
                    .ctx
                    .describe(self.file, &path.key("errors").index(first));
                self.error(
                    &epath,
                    format!("error code `{code}` is listed twice (first at {at})"),
                    "remove the duplicate",
                );
            }
            seen.push(code.clone());
        }
        let idempotency = self.idempotency(ep, path, request.as_ref());
        let pagination = self.pagination(ep, path, response.as_ref(), &query_params);
        self.check_scopes(ep, path);
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
            payload_fallbacks,
            success,
            errors: seen,
            idempotency,
            idempotency_doc: ep.idempotency.as_ref().and_then(|i| i.doc.clone()),
            pagination,
            scopes: ep.scopes.clone(),
            verb: ep.verb.as_deref().map(ToSnakeCase::to_snake_case),
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
        let mut names = Collisions::new("parameter").renaming();
        let (mut in_path, mut in_query) = (Vec::new(), Vec::new());
        for (wire, p) in &ep.params {
            let ppath = path.key("params").key(wire);
            // `createdAt[gt]` → `created_at_gt`: brackets and dots are word breaks.
            let rust_name = wire
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_")
                .to_snake_case();
            names.check(self.ctx, self.file, &ppath, wire, &rust_name);
            let is_path = match p.location.as_str() {
                "path" => true,
                "query" => false,
                other => {
                    self.value_error(
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
            } else if p.optional {
                check_setter(
                    self.ctx,
                    self.file,
                    &ppath,
                    "query parameter",
                    wire,
                    &rust_name,
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

    pub(super) fn object_has_field(&self, ty: Option<&TypeRef>, field: &str) -> bool {
        match ty {
            Some(TypeRef::Named(n)) => self.spec.type_def(n).is_some_and(|t| match &t.kind {
                TypeKind::Object { fields } => fields.iter().any(|f| f.wire_name == field),
                _ => false,
            }),
            _ => false,
        }
    }

    /// Where the payload is: the endpoint's first key (or `inline`), else the
    /// envelope's; then every further key the decoder accepts: the endpoint's
    /// other alternatives, then the envelope's keys (document 004 allows "data /
    /// domain key"), without repeats.
    fn payload(&mut self, ep: &RawEndpoint, path: &YamlPath) -> (PayloadLocation, Vec<String>) {
        let keys = ep
            .payload
            .as_ref()
            .map(OneOrMany::to_vec)
            .unwrap_or_default();
        if ep.response.is_none() {
            if ep.payload.is_some() {
                self.error(
                    &path.key("payload"),
                    "`payload` is given but there is no `response`",
                    "add `response: <Type>` or remove `payload`",
                );
            }
            return (PayloadLocation::Empty, Vec::new());
        }
        let inline = keys.iter().any(|k| k == "inline");
        if (inline && keys.len() > 1)
            || keys.iter().any(String::is_empty)
            || ep.payload.as_ref().is_some_and(|_| keys.is_empty())
        {
            self.error(
                &path.key("payload"),
                "`payload` must be `inline`, a key or a non-empty list of keys",
                "write e.g. `payload: offer` or `payload: [offer, data]`",
            );
        }
        if inline {
            return (PayloadLocation::Inline, Vec::new());
        }
        let envelope: Vec<String> = match self.spec.envelope(self.envelope) {
            Some(e) => e
                .payload
                .iter()
                .chain(&e.payload_fallbacks)
                .cloned()
                .collect(),
            // Unknown envelope: already reported.
            None => Vec::new(),
        };
        let mut all: Vec<String> = Vec::new();
        for key in keys.into_iter().chain(envelope) {
            if !key.is_empty() && !all.contains(&key) {
                all.push(key);
            }
        }
        if all.is_empty() {
            return (PayloadLocation::Inline, Vec::new());
        }
        let first = all.remove(0);
        (PayloadLocation::Key(first), all)
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
                    None if self.ctx.broken.contains("headers", h) => {}
                    None => self.value_error(
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
        match self.field_type(response, &raw.items) {
            None => self.error(
                &ppath.key("items"),
                format!("the response type has no field `{}`", raw.items),
                "pagination keys must be fields of the endpoint's `response` type",
            ),
            Some(TypeRef::List(_)) => {}
            Some(_) => self.error(
                &ppath.key("items"),
                format!("items field `{}` is not a `list<T>`", raw.items),
                "point `items` at the response field holding the page's list",
            ),
        }
        if let Some(info) = &raw.page_info {
            let info_ty = self.field_type(response, info);
            if info_ty.is_none() {
                self.error(
                    &ppath.key("page_info"),
                    format!("the response type has no field `{info}`"),
                    "pagination keys must be fields of the endpoint's `response` type",
                );
            }
            if let Some(pages) = &raw.total_pages {
                let is_u32 = matches!(
                    self.field_type(info_ty.as_ref(), pages),
                    Some(TypeRef::Primitive(crate::model::Primitive::U32))
                );
                if info_ty.is_some() && !is_u32 {
                    self.error(
                        &ppath.key("total_pages"),
                        format!("the page info has no `u32` field `{pages}`"),
                        "name the page info's field holding the number of pages (a `u32`)",
                    );
                }
            }
            if let Some(flag) = &raw.has_next {
                let is_bool = matches!(
                    self.field_type(info_ty.as_ref(), flag),
                    Some(TypeRef::Primitive(crate::model::Primitive::Bool))
                );
                if info_ty.is_some() && !is_bool {
                    self.error(
                        &ppath.key("has_next"),
                        format!("the page info has no `bool` field `{flag}`"),
                        "name the page info's boolean that says another page follows",
                    );
                }
            }
        } else if raw.has_next.is_some() || raw.total_pages.is_some() {
            self.error(
                &ppath,
                "`has_next` and `total_pages` need `page_info`",
                "add `page_info: <field>` naming the page-info object",
            );
        }
        if let Some(p) = &raw.page_param {
            match query.iter().find(|q| &q.wire_name == p) {
                None => self.error(
                    &ppath.key("page_param"),
                    format!("page parameter `{p}` is not a query parameter of this endpoint"),
                    format!("add `params: {{ {p}: {{ in: query, type: u32, optional: true }} }}`"),
                ),
                Some(q) if q.ty != TypeRef::Primitive(crate::model::Primitive::U32) => self.error(
                    &ppath.key("page_param"),
                    format!("page parameter `{p}` must be a `u32`"),
                    format!("declare `{p}` with `type: u32`"),
                ),
                Some(_) => {}
            }
        }
        Some(Pagination {
            items: raw.items.clone(),
            page_info: raw.page_info.clone(),
            page_param: raw.page_param.clone(),
            has_next: raw.has_next.clone(),
            total_pages: raw.total_pages.clone(),
        })
    }

    /// The type of field `field` of the object type `ty`, if both exist.
    pub(super) fn field_type(&self, ty: Option<&TypeRef>, field: &str) -> Option<TypeRef> {
        let Some(TypeRef::Named(n)) = ty else {
            return None;
        };
        match &self.spec.type_def(n)?.kind {
            TypeKind::Object { fields } => fields
                .iter()
                .find(|f| f.wire_name == field)
                .map(|f| f.ty.clone()),
            _ => None,
        }
    }

    /// Every scope an endpoint needs is declared by an OAuth2 scheme of its lane.
    fn check_scopes(&mut self, ep: &RawEndpoint, path: &YamlPath) {
        if self.auth_broken {
            return; // the lane's scopes are not all known
        }
        for (i, scope) in ep.scopes.iter().enumerate() {
            let spath = path.key("scopes").index(i);
            match &self.scopes {
                None => self.error(
                    &spath,
                    format!("scope `{scope}` is given but the lane has no OAuth2 scheme"),
                    "scopes belong to lanes authenticating with `oauth2_client_credentials`",
                ),
                Some(known) if !known.contains(scope) => {
                    let hint = did_you_mean(scope, known.iter().map(String::as_str));
                    let listed = known.join(", ");
                    self.error(
                        &spath,
                        format!(
                            "scope `{scope}` is not declared by the lane's OAuth2 scheme{hint}"
                        ),
                        format!("declare it under the scheme's `scopes:` or use one of: {listed}"),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
