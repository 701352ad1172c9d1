/**
 * Tracing is off unless an OTLP endpoint is configured, and then nothing of it is installed: no tracer provider, no
 * client or worker interceptors, no API middleware, no `traceparent` on provider requests, nothing exported. Also the
 * endpoint variables' parsing and the check that a prebuilt workflow bundle matches the worker's tracing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace } from '@opentelemetry/api';
import { createInstrumentedFetch } from '../../activities/http';
import { httpServerTracing } from '../../tracing/http-server-span';
import { installedTracing, installTracing } from '../../tracing/process-tracing';
import { tracingClientInterceptors } from '../../tracing/temporal-client';
import { checkBundleTracing, startWorkerTracing, tracingWorkerOptions } from '../../tracing/temporal-worker';
import { ConfigError, loadConfig } from '../../common/config';
import { silentLogger } from '../../common/logging';
import { WORKFLOW_TRACING_BUNDLE_MARKER } from '../../workflows/tracing-interceptors';
import { startOtlpReceiver } from '../helpers/otlp-receiver';

describe('tracing configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/custom/traces',
      }).tracing,
    ).toEqual({ tracesUrl: 'http://other:4318/custom/traces' });
  });

  it('refuses an endpoint that is not a URL, naming the variable', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318 ' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'nope' })).toThrow(
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/,
    );
  });
});

describe('with no endpoint configured', () => {
  it('installs nothing', async () => {
    const config = loadConfig({});
    expect(installTracing(config, 'api')).toBeUndefined();
    expect(installedTracing()).toBeUndefined();
    expect(tracingClientInterceptors()).toBeUndefined();
    expect(httpServerTracing()).toBeUndefined();
    expect(tracingWorkerOptions(undefined, true)).toEqual({});
    const worker = await startWorkerTracing(config, undefined);
    expect(worker.workerOptions).toEqual({});
    expect(worker.describe).toBeNull();
    expect(installedTracing()).toBeUndefined();
    // The OpenTelemetry API is left with its no-op provider: a span started anywhere records nothing.
    expect(trace.getTracer('anyone').startSpan('anything').isRecording()).toBe(false);
  });

  it('sends provider requests without traceparent and exports nothing', async () => {
    const receiver = await startOtlpReceiver();
    let received: IncomingHttpHeaders | undefined;
    const provider = createServer((req, res) => {
      received = req.headers;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    try {
      const fetchFn = createInstrumentedFetch({ provider: 'workos', logger: silentLogger, timeoutMs: 5_000 });
      const response = await fetchFn(`http://127.0.0.1:${(provider.address() as AddressInfo).port}/organizations`);
      expect(response.status).toBe(204);
      expect(received).toBeDefined();
      expect(received?.traceparent).toBeUndefined();
      expect(receiver.requests).toBe(0);
    } finally {
      await new Promise<void>((resolve) => provider.close(() => resolve()));
      await receiver.close();
    }
  });
});

describe('a prebuilt workflow bundle', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-tracing-'));
    await writeFile(join(dir, 'plain.js'), 'exports.api = {};\n');
    await writeFile(join(dir, 'traced.js'), `const marker = '${WORKFLOW_TRACING_BUNDLE_MARKER}';\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is accepted when it matches the worker’s tracing', async () => {
    await expect(checkBundleTracing({ codePath: join(dir, 'plain.js') }, false)).resolves.toBeUndefined();
    await expect(checkBundleTracing({ codePath: join(dir, 'traced.js') }, true)).resolves.toBeUndefined();
  });

  it('is refused, saying how to rebuild it, when it does not', async () => {
    await expect(checkBundleTracing({ codePath: join(dir, 'plain.js') }, true)).rejects.toThrow(
      /built without tracing.*npm run build:workflows/,
    );
    await expect(checkBundleTracing({ codePath: join(dir, 'traced.js') }, false)).rejects.toThrow(/built with tracing/);
  });
});
