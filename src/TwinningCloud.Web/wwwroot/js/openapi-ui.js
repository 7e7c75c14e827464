// Starts Swagger UI on /openapi (a file, not an inline script: the Content-Security-Policy allows only 'self').
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-url"),
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
  });
})();
