import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { requestAuthenticator } from './modules/accounts/index.js';
import { allMigrations, modules } from './modules/index.js';
import { migrateToLatest } from './platform/db/migrations.js';
import type { Deps } from './platform/deps.js';
import { bindRoute, type RouteContext } from './platform/http/module.js';
import { registerProblemHandlers, sendNotFound } from './platform/http/problem.js';
import { enforceDeclaredAccess } from './platform/http/route.js';
import { zodValidatorCompiler } from './platform/http/validation.js';
import { platformRoutes, VERSION } from './platform/platform.routes.js';

export interface AppOptions {
  deps: Deps;
  /** Built web app to serve (SPA); omitted in API tests. */
  webDir?: string | null;
  logger?: boolean;
}

const API_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 32"><rect width="32" height="32" rx="8" fill="#0d6469"/><path d="M6 13h20l-4 9H10z" fill="#fff"/><path d="M16 6v7" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/><text x="40" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" fill="#fff">Keel</text></svg>';

/** Secrets never reach the logs. */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

/** Builds the whole HTTP app from the modules; tests build it the same way. */
export async function buildApp({ deps, webDir, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger === false ? undefined : deps.log,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  enforceDeclaredAccess(app);
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // gzip/brotli for JSON, CSV and the web bundle; brotli at a quality that costs little CPU.
  await app.register(compress, {
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keel API',
        version: VERSION,
        description:
          'The Keel operations platform API. Sign in with POST /api/auth/login (session cookie; send the returned csrfToken as x-csrf-token on writes) or use a personal API token as `Authorization: Bearer …`. Errors are RFC 9457 problem details with a stable `code` and per-field `errors`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'keel_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    theme: { title: 'Keel API reference' },
    logo: { type: 'image/svg+xml', content: Buffer.from(API_LOGO), href: '/', target: '_self' },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const authenticate = requestAuthenticator(deps);
  const ctx: RouteContext = { app, deps, authenticate, route: bindRoute(app, authenticate) };
  for (const m of modules) m.routes(ctx);
  platformRoutes(ctx);

  const index = webDir ? path.join(webDir, 'index.html') : null;
  if (webDir && index && fs.existsSync(index)) {
    await app.register(fastifyStatic, {
      root: webDir,
      index: false,
      // Vite's hashed bundles never change under the same name.
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
    // Re-read index.html when it changes, so a rebuild under a running server is picked up.
    let cached = { mtime: 0, html: '' };
    const html = () => {
      const mtime = fs.statSync(index).mtimeMs;
      if (mtime !== cached.mtime) cached = { mtime, html: fs.readFileSync(index, 'utf8') };
      return cached.html;
    };
    const sendApp = (reply: FastifyReply) =>
      reply.type('text/html').header('cache-control', 'no-cache').send(html());
    // The static plugin answers a bare directory (/) with 403; the root is the app.
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, (_req, reply) =>
      sendApp(reply),
    );
    app.setNotFoundHandler((req, reply) => {
      if (
        req.url.startsWith('/api/') ||
        req.url === '/api' ||
        // A missing bundle file is a 404, not the app (the app reloads itself on a stale chunk).
        req.url.startsWith('/assets/') ||
        (req.method !== 'GET' && req.method !== 'HEAD')
      ) {
        return sendNotFound(reply, `${req.method} ${req.url.split('?')[0]}`);
      }
      // SPA deep links: every other GET gets the app, which routes on the client.
      return sendApp(reply);
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      sendNotFound(reply, `${req.method} ${req.url.split('?')[0]}`),
    );
  }
  return app;
}

/** Applies every module's pending migrations. */
export const migrate = (deps: Pick<Deps, 'db' | 'dialect'>) =>
  migrateToLatest(deps.db as never, deps.dialect, allMigrations);
