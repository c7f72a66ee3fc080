// A single-page app: everything renders in the browser, the server only serves 200.html.
export const ssr = false;
export const prerender = false;
