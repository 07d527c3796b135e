// Swagger UI for the app's OpenAPI schema (loaded from /static, no CDN).
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
