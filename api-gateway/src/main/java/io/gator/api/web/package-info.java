/**
 * The web console on the API's port: its static files at {@code /} (client-side routing falls back to
 * index.html), browser sessions (sign-in with an API key or a PGP token, an HttpOnly SameSite=Strict cookie,
 * a CSRF token for every state-changing call) and the security headers of every console answer.
 */
package io.gator.api.web;
