// Starts the vendored Swagger UI on the gateway's own document. Paths are
// root-relative, so the page works on any port and host name the gateway is
// reached at. validatorUrl null: Swagger UI would otherwise send the
// document to validator.swagger.io for its badge (no network here).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
