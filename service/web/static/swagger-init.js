// The API documentation (/docs): Swagger UI served from our own server, started from this file
// rather than an inline script, so that the page keeps the pages' Content-Security-Policy.
window.addEventListener("load", function () {
  "use strict";
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
