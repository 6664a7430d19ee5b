//! CORS policies of the emulated Microsoft hosts: fixed allow-lists, each entry with the public
//! Microsoft source that shows a browser sending (or reading) it cross-origin. A preflight asking
//! for anything else gets an `Access-Control-Allow-Headers` that does not name it, which a browser
//! treats as a refusal (Fetch standard, "CORS-preflight fetch": the request is blocked and the page
//! sees a network error). Where Microsoft publishes nothing, the stricter reading wins (marked
//! **strict choice**): a page that passes here also passes against a more permissive cloud, never
//! the other way round.
//!
//! Entra's token endpoint is not here: it answers its own preflight (see
//! `entra::token::token_preflight`), and its metadata routes allow `GET` without any request header.

use axum::http::{HeaderName, Method};
use tower_http::cors::{Any, CorsLayer};

/// How long a browser may cache a preflight answer.
const MAX_AGE_SECS: u64 = 3600;

/// A host's CORS allow-lists (lowercase header names).
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Methods a preflight may ask for.
    pub methods: &'static [Method],
    /// Request headers a preflight may ask for.
    pub allow_headers: &'static [&'static str],
    /// Response headers a cross-origin reader may see (beyond the CORS-safelisted ones).
    pub expose_headers: &'static [&'static str],
}

impl Policy {
    /// The `tower_http` layer: any origin (the services use `*`; no credentials mode), the fixed
    /// lists, and `Access-Control-Allow-Origin` on every actual answer, errors included.
    pub fn layer(&self) -> CorsLayer {
        let names = |list: &[&'static str]| {
            list.iter()
                .map(|h| HeaderName::from_static(h))
                .collect::<Vec<_>>()
        };
        let mut layer = CorsLayer::new()
            .allow_origin(Any)
            .allow_methods(self.methods.to_vec())
            .max_age(std::time::Duration::from_secs(MAX_AGE_SECS));
        if !self.allow_headers.is_empty() {
            layer = layer.allow_headers(names(self.allow_headers));
        }
        if !self.expose_headers.is_empty() {
            layer = layer.expose_headers(names(self.expose_headers));
        }
        layer
    }

    /// `Access-Control-Expose-Headers` as one value (for answers built outside the layer, such as
    /// fault answers); `None` when nothing is exposed.
    pub fn expose_value(&self) -> Option<String> {
        (!self.expose_headers.is_empty()).then(|| self.expose_headers.join(","))
    }

    /// Whether a preflight for `header` would pass.
    pub fn allows_header(&self, header: &str) -> bool {
        self.allow_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(header.trim()))
    }
}

/// Microsoft Graph (`graph.microsoft.com`).
pub const GRAPH: Policy = Policy {
    // The verbs of Graph's REST API; microsoftgraph/msgraph-sdk-javascript
    // `src/RequestMethod.ts` lists GET, PATCH, POST, PUT, DELETE.
    methods: &[
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ],
    allow_headers: &[
        // microsoftgraph/msgraph-sdk-javascript `src/middleware/AuthenticationHandler.ts`
        // (sets `Authorization: Bearer …` on every browser request).
        "authorization",
        // microsoftgraph/msgraph-sdk-javascript `src/GraphRequest.ts` (JSON bodies).
        "content-type",
        // microsoftgraph/msgraph-sdk-javascript `src/middleware/TelemetryHandler.ts`
        // (`client-request-id` and `SdkVersion` on every request).
        "client-request-id",
        "sdkversion",
        // microsoftgraph/microsoft-graph-toolkit `packages/mgt-components/src/graph/graph.user.ts`
        // (`ConsistencyLevel: eventual` on advanced user queries).
        "consistencylevel",
        // microsoftgraph/microsoft-graph-toolkit
        // `packages/mgt-components/src/components/mgt-tasks/mgt-tasks.graph.planner.ts` and the
        // toolkit's cache-bypassing requests (`Cache-Control: no-cache`).
        "cache-control",
        // microsoftgraph/microsoft-graph-toolkit planner task code (`If-Match: <etag>` on PATCH
        // and DELETE of planner tasks).
        "if-match",
        // NOT `prefer`: only community evidence (Graph Explorer traffic) shows it cross-origin;
        // **strict choice**: refused.
    ],
    // dotnet/dev-proxy `DevProxy.Abstractions/Utils/ProxyUtils.cs` `BuildGraphResponseHeaders`:
    // the exposed-header list of Microsoft's own Graph emulation (Dev Proxy's error plugins use the
    // same builder, so error answers carry `Access-Control-Allow-Origin` too).
    expose_headers: &[
        "etag",
        "location",
        "preference-applied",
        "content-range",
        "request-id",
        "client-request-id",
        "readwriteconsistencytoken",
        "sdkversion",
        "www-authenticate",
        "x-ms-client-gcc-tenant",
        "retry-after",
    ],
};

/// The Dataverse Web API (`<org>.crm.dynamics.com/api/data/v9.x/`).
pub const DATAVERSE: Policy = Policy {
    // MicrosoftDocs/powerapps-docs
    // `powerapps-docs/developer/data-platform/webapi/dataversewebapi-sample-library.md`: the
    // DataverseWebAPI.js sample library's `validMethods` (GET, POST, PATCH, PUT, DELETE).
    methods: &[
        Method::GET,
        Method::POST,
        Method::PATCH,
        Method::PUT,
        Method::DELETE,
    ],
    allow_headers: &[
        // MicrosoftDocs/powerapps-docs
        // `powerapps-docs/developer/data-platform/webapi/quick-start-js-spa.md`: the SPA quick
        // start's `fetch` sends Authorization, Accept, OData-Version, OData-MaxVersion (and
        // Content-Type with a body).
        "authorization",
        "content-type",
        "accept",
        "odata-version",
        "odata-maxversion",
        // MicrosoftDocs/powerapps-docs
        // `powerapps-docs/developer/data-platform/webapi/dataversewebapi-sample-library.md`: the
        // DataverseWebAPI.js library sends Prefer (return=representation, annotations, page
        // size), If-Match and If-None-Match from the browser.
        "prefer",
        "if-match",
        "if-none-match",
        // NOT `consistency`, `mscrm.solutionuniquename`, `callerobjectid` or any `mscrm.*`:
        // documented for the Web API, but no Microsoft source shows a browser sending them
        // cross-origin; **strict choice**: refused.
    ],
    expose_headers: &[
        // MicrosoftDocs/powerapps-docs `…/webapi/dataversewebapi-sample-library.md`: the
        // library's `Create()` reads `OData-EntityId` from the response of a cross-origin POST.
        "odata-entityid",
        // NOT `Retry-After` (nor ETag, Location, Preference-Applied, …): no Microsoft source shows
        // a browser reading them. Community captures say Dataverse does expose `Retry-After`, but
        // **strict choice**: not exposed here. The page then cannot read it in a browser and must
        // fall back to its own exponential backoff on 429/503 — which works whether or not the real
        // service exposes the header, so a green browser test stays true against Microsoft. Host
        // tests (not a browser; CORS does not apply) still see `Retry-After` and test that the
        // engine honours it.
    ],
};

/// The Global Discovery Service (`globaldisco.crm.dynamics.com`).
pub const GLOBAL_DISCOVERY: Policy = Policy {
    // microsoft/PowerApps-Samples
    // `dataverse/webapi/CSharp/BlazorCDS/BlazorCDS/Pages/EnvironmentChooser.razor` (a browser
    // app's GET of `Instances` with a bearer token); MicrosoftDocs/powerapps-docs
    // `powerapps-docs/developer/data-platform/discovery-service.md`: "supports the CORS standard".
    methods: &[Method::GET],
    allow_headers: &["authorization", "accept"],
    // Nothing documented is read cross-origin; **strict choice**: nothing exposed.
    expose_headers: &[],
};

/// The policy of a host, for answers made outside its router (fault answers).
pub fn policy_of(kind: &crate::HostKind) -> Option<&'static Policy> {
    match kind {
        crate::HostKind::Graph => Some(&GRAPH),
        crate::HostKind::Crm(_) => Some(&DATAVERSE),
        crate::HostKind::GlobalDisco => Some(&GLOBAL_DISCOVERY),
        _ => None,
    }
}

/// Removes every CORS header from an answer (the `stripCors` fault): a browser then reports a
/// network error instead of the status.
pub fn strip(headers: &mut axum::http::HeaderMap) {
    let cors: Vec<HeaderName> = headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in cors {
        headers.remove(name);
    }
}
