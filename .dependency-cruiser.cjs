// Layering rules from ARCHITECTURE.md, checked in CI by `npm run lint:layers` (dependency-cruiser).
const domain = '^(server/services|knowledge-base)/';
const transport =
  '(^|/)node_modules/(hono|@hono|socket\\.io|socket\\.io-client|@socket\\.io|grammy|@grammyjs|nodemailer|imapflow|mailparser|smtp-server)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-transport',
      comment:
        'Domain verbs are called by routes, sockets, bots and workers alike; a verb that speaks HTTP, Socket.IO, ' +
        'Telegram or SMTP/IMAP can only be reached through that one transport. Adapters parse, verbs decide.',
      severity: 'error',
      from: { path: domain },
      to: { path: transport },
    },
    {
      name: 'domain-imports-only-the-channel-contract',
      comment:
        'Services reach channels only through the contract in channels/types.ts (InboundMessage, OutboundMessage, ' +
        'the adapter registry). Channel-specific parts come in from the composition root: each adapter`s send and ' +
        'requestRating through the registry, each channel`s inbox schemas on ctx.inboxSchemas. So a channel can ' +
        'change, or a new one arrive, without touching the domain, and channels depend on services, never both ways.',
      severity: 'error',
      from: { path: domain },
      to: { path: '^channels/', pathNot: '^channels/types\\.ts$' },
    },
    {
      name: 'domain-imports-no-adapter-layer',
      comment:
        'Routes, the Socket.IO server and the workers call the domain, never the other way round: a verb that ' +
        'imports one of them drags its transport and its start-up order in with it.',
      severity: 'error',
      from: { path: domain },
      to: { path: '^server/(routes|realtime|workers)/' },
    },
    {
      name: 'channels-import-no-routes',
      comment:
        'A channel is mounted by the composition root; it must not depend on the HTTP API`s routes or their ' +
        'middleware types, or every change to the API ripples into the adapters.',
      severity: 'error',
      from: { path: '^channels/' },
      to: { path: '^server/routes/' },
    },
    {
      name: 'web-imports-no-db',
      comment:
        'The console talks to the server over HTTP and sockets; table definitions are not its contract. Even a ' +
        'type-only import ties the console to the schema (and pulls drizzle into its type graph).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/db/' },
    },
    {
      name: 'web-imports-no-services',
      comment:
        'Nothing from the domain may be bundled into the browser; shapes reach the console through the API ' +
        'schema and the shared event maps (server/realtime/events.ts), never through a verb`s module. The one ' +
        'exception is the list of canned-response placeholders, a module with no imports kept beside the code ' +
        'that renders them so the form offers exactly what the server accepts (see browser-shared-stays-pure).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/services/', pathNot: '^server/services/canned-responses/placeholders\\.ts$' },
    },
    {
      name: 'browser-shared-stays-pure',
      comment:
        'Modules the console or the widget bundle import from the server side may import types only: a runtime ' +
        'import here would ship server code (and its secrets) to every browser.',
      severity: 'error',
      from: { path: '^(server/realtime/events|server/services/canned-responses/placeholders|channels/widget/protocol)\\.ts$' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-cycles',
      comment:
        'A cycle between modules means neither can be understood, tested or loaded without the other; the ' +
        'services <-> channels one is the reason this rule exists. Type-only imports count too: there are none ' +
        'today, and a type cycle is the first step of a runtime one.',
      severity: 'error',
      from: { path: '^(server|channels|knowledge-base)/' },
      to: { circular: true },
    },
    {
      name: 'imports-resolve',
      comment:
        'An import the tool cannot resolve is one no rule can see: keep the resolver in step with the aliases ' +
        '(.ts extensions, SvelteKit`s $lib/$server/$realtime/$channels).',
      severity: 'error',
      from: {},
      // SvelteKit's virtual modules ($app/*, $env/*) exist only inside its build.
      to: { couldNotResolve: true, pathNot: '^\\$(app|env|service-worker)(/|$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output only: an npm package's own dist/ must stay visible, or the transport rule sees no hono.
    exclude: { path: '^(dist|web/build|web/\\.svelte-kit|channels/widget/client/dist|server/public)/' },
    // Type-only imports count: they are how the console couples to the server.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // SvelteKit's aliases ($lib, $server...): .svelte-kit/tsconfig.json only exists after `svelte-kit sync`.
    webpackConfig: { fileName: '.dependency-cruiser.resolve.mjs' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.d.ts', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
