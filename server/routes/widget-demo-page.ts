const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A small, ordinary company site that embeds the widget with one script tag, as a customer's site would. Its
 * CSS is deliberately heavy-handed (global button/input/paragraph rules): the widget must look the same anyway.
 */
export function widgetDemoPage(inbox: { id: string; name: string } | null, origin: string): string {
  const embed = inbox ? `<script src="/widget.js" data-inbox="${escape(inbox.id)}" async></script>` : '';
  const snippet = inbox
    ? `<pre><code>${escape(`<script src="${origin}/widget.js" data-inbox="${inbox.id}" async></script>`)}</code></pre>
      <p class="small">This page embeds the widget of the inbox <strong>${escape(inbox.name)}</strong>. Answer in the console at <a href="/inbox">/inbox</a>.</p>`
    : `<div class="notice" data-testid="demo-no-inbox">
        <h2>No chat widget inbox yet</h2>
        <p>Sign in to the console as an admin, open <a href="/admin/widget">Admin → Widget</a> and create a widget inbox
        (or enable the one you have), then reload this page.</p>
      </div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Coffee Roasters — demo shop</title>
<style>
  * { box-sizing: content-box; }
  body { margin: 0; font: 17px/1.7 Georgia, 'Times New Roman', serif; color: #3b2a1a; background: #fbf6ef; }
  header, main, footer { max-width: 960px; margin: 0 auto; padding: 0 24px; }
  header { display: flex; align-items: center; justify-content: space-between; padding-top: 18px; }
  nav a { margin-left: 22px; color: #7a4b22; text-decoration: none; text-transform: uppercase; letter-spacing: 2px; font-size: 13px; }
  p { margin: 1.6em 0; }
  button, input, textarea { font-family: 'Courier New', monospace; text-transform: uppercase; border: 3px solid #3b2a1a; background: #ffd86b; padding: 14px 30px; }
  li { list-style: square; margin: 2em; }
  div { line-height: 2.4; }
  .hero { padding: 60px 0 30px; }
  .hero h1 { font-size: 46px; margin: 0; }
  .products { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; }
  .card { background: #fff; padding: 20px; border: 1px solid #e8dccb; }
  .card h3 { margin: 0; }
  .notice { background: #fff3cd; border: 1px solid #e6c964; padding: 6px 20px; margin: 30px 0; }
  pre { background: #2b2118; color: #f6e7d3; padding: 14px; overflow-x: auto; font-size: 13px; }
  .small { font-size: 14px; }
  footer { padding: 40px 24px; font-size: 13px; color: #6b5846; }
</style>
</head>
<body>
<header>
  <strong>☕ Northwind Coffee Roasters</strong>
  <nav><a href="#beans">Beans</a><a href="#brewing">Brewing</a><a href="#contact">Contact</a></nav>
</header>
<main>
  <section class="hero">
    <h1>Fresh roasted, shipped tomorrow.</h1>
    <p>Single-origin beans from small farms, roasted in small batches every weekday morning.</p>
    <button type="button">Shop the beans</button>
  </section>
  <section class="products" id="beans">
    <div class="card"><h3>Yirgacheffe</h3><p>Floral, bergamot, lemon. €14 / 250 g</p></div>
    <div class="card"><h3>Huila</h3><p>Red apple, caramel. €12 / 250 g</p></div>
    <div class="card"><h3>Yunnan 云南</h3><p>Dried plum, cocoa. €13 / 250 g</p></div>
  </section>
  <section id="contact">
    <h2>Questions about an order?</h2>
    <p>Use the chat button in the corner: our team answers live, or as soon as they are back when nobody is in.</p>
    ${snippet}
  </section>
</main>
<footer>Northwind Coffee Roasters is a demo page served by Switchboard at /widget-demo.</footer>
${embed}
</body>
</html>
`;
}
