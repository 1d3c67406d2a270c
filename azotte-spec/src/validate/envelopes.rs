//! The `envelopes:` section: where each response envelope keeps its payload,
//! status, diagnostics, links, warnings and retry delay, checked and resolved
//! into model data (the runtime reads nothing an envelope does not name).

use super::names::{did_you_mean, Collisions, ToShoutySnakeCase};
use super::{Ctx, Def};
use crate::locate::YamlPath;
use crate::model::{Envelope, TypeDef, TypeKind};
use crate::raw::{OneOrMany, RawEnvelope, RawLinks};

pub(crate) fn envelopes(
    ctx: &mut Ctx,
    defs: &[Def<RawEnvelope>],
    types: &[TypeDef],
) -> Vec<Envelope> {
    let mut names = Collisions::new("envelope");
    let mut out = Vec::new();
    for def in defs {
        let path = YamlPath::root("envelopes").key(def.name);
        let raw = def.raw;
        let rust_name = def.name.to_shouty_snake_case();
        names.check(ctx, def.file, &path, def.name, &rust_name);
        let payload_keys = raw.payload.to_vec();
        keys(ctx, def.file, &path.key("payload"), "payload", &payload_keys, "name the key holding the payload, e.g. `payload: data` or `payload: [offer, data]`, or write `payload: inline` when the payload is the whole body");
        let inline = payload_keys.iter().any(|k| k == "inline");
        if inline && payload_keys.len() > 1 {
            ctx.error(
                def.file,
                &path.key("payload"),
                "`inline` cannot be combined with payload keys",
                "write either `payload: inline` or a list of keys",
            );
        }
        let status_warnings = raw
            .status
            .warnings
            .as_ref()
            .map(OneOrMany::to_vec)
            .unwrap_or_default();
        keys(ctx, def.file, &path.key("status").key("warnings"), "warnings", &status_warnings, "name the key(s) of the warnings arrays in the status object, e.g. `warnings: [warnings, warning]`");
        let top_warnings = raw
            .warnings
            .as_ref()
            .map(OneOrMany::to_vec)
            .unwrap_or_default();
        keys(
            ctx,
            def.file,
            &path.key("warnings"),
            "warnings",
            &top_warnings,
            "name the top-level key(s) of the warnings arrays, e.g. `warnings: warnings`",
        );
        // `links: key` names the object only; the spelled-out form its links too.
        let (links, link_self, link_next, link_previous) = match &raw.links {
            None => (None, None, None, None),
            Some(RawLinks::Key(key)) => (Some(key.clone()), None, None, None),
            Some(RawLinks::Object(o)) => (
                Some(o.object.clone()),
                o.self_link.clone(),
                o.next.clone(),
                o.previous.clone(),
            ),
        };
        if let Some(d) = &raw.diagnostics {
            if let Some(ty) = &d.ty {
                let is_object = types
                    .iter()
                    .any(|t| &t.name == ty && matches!(t.kind, TypeKind::Object { .. }));
                if !is_object {
                    let hint = did_you_mean(ty, types.iter().map(|t| t.name.as_str()));
                    ctx.value_error(
                        def.file,
                        &path.key("diagnostics").key("type"),
                        format!(
                            "diagnostics type `{ty}` is not an object type under `types:`{hint}"
                        ),
                        "define it with `fields:` or remove `type`",
                    );
                }
            }
        }
        if !raw.status.success_severities.is_empty() && raw.status.severity.is_none() {
            ctx.error(def.file, &path.key("status").key("success_severities"), "success severities are given but `status.severity` does not say where the severity is", "add `severity: <key>` to `status`");
        }
        if let Some(ct) = &raw.content_type {
            // Sent in `Accept`: it must be a valid header value, and a media type.
            if ct.is_empty()
                || !ct.contains('/')
                || ct.chars().any(|c| c.is_control() || !c.is_ascii())
            {
                ctx.error(
                    def.file,
                    &path.key("content_type"),
                    format!("content type `{}` is not a media type that can be sent in `Accept`", ct.escape_debug()),
                    "write it as `type/subtype` in printable ASCII, e.g. `application/clientOutput+Json`",
                );
            }
        }
        let mut payload_keys = payload_keys.into_iter().filter(|k| k != "inline");
        out.push(Envelope {
            name: def.name.to_owned(),
            rust_name,
            doc: raw.doc.clone(),
            content_type: raw.content_type.clone(),
            payload: payload_keys.next(),
            payload_fallbacks: payload_keys.collect(),
            status_object: raw.status.object.clone(),
            code: raw.status.code.clone(),
            message: raw.status.message.clone(),
            severity: raw.status.severity.clone(),
            source: raw.status.source.clone(),
            details: raw.status.details.clone(),
            success_flag: raw.status.success.clone(),
            success_codes: raw.status.success_codes.clone(),
            success_severities: raw.status.success_severities.clone(),
            status_code: raw.status_code.clone(),
            diagnostics: raw.diagnostics.as_ref().map(|d| d.object.clone()),
            correlation_id: raw.diagnostics.as_ref().map(|d| d.correlation_id.clone()),
            diagnostics_type: raw.diagnostics.as_ref().and_then(|d| d.ty.clone()),
            errors: raw.errors.clone(),
            links,
            link_self,
            link_next,
            link_previous,
            warnings: status_warnings.first().cloned(),
            status_warnings,
            top_warnings,
            retry_after: raw.retry_after.clone(),
        });
    }
    out
}

/// Checks a list of envelope keys: none empty, none twice.
fn keys(ctx: &mut Ctx, file: usize, path: &YamlPath, what: &str, keys: &[String], hint: &str) {
    for (i, key) in keys.iter().enumerate() {
        if key.is_empty() {
            ctx.error(file, path, format!("an empty {what} key"), hint);
        } else if let Some(first) = keys[..i].iter().position(|k| k == key) {
            let at = ctx.describe(file, &path.index(first));
            ctx.error(
                file,
                &path.index(i),
                format!("{what} key `{key}` is listed twice (first at {at})"),
                "remove the duplicate",
            );
        }
    }
}
