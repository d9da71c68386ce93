/**
 * Loads Office.js from Microsoft's CDN, as Microsoft requires of add-ins in its marketplace ("Referencing the
 * Office JavaScript API library": https://appsforoffice.microsoft.com/lib/1/hosted/office.js). A plain, blocking
 * script in the page's head runs this before the pane's bundle, so the library is there before the pane starts,
 * exactly as a script tag would load it. When a test has injected a fake Excel host (window.__SLA_FAKE_EXCEL__,
 * set before any page script), the pane never calls Office, and nothing is fetched from outside: the browser
 * tests run offline.
 */
export const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

if (!(window as { __SLA_FAKE_EXCEL__?: unknown }).__SLA_FAKE_EXCEL__) {
  // A parser-inserted script: loaded and run before the rest of the head, like the tag it stands for.
  document.write(`<script src="${OFFICE_JS_CDN}"></scr` + "ipt>");
}
