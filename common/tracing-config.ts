/**
 * The tracing part of the configuration: OpenTelemetry's standard OTLP endpoint variables, resolved as the OTLP
 * exporter specification resolves them. A signal-specific endpoint (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is used as
 * given; the general one (`OTEL_EXPORTER_OTLP_ENDPOINT`) is a base URL that `v1/traces` is appended to.
 */

export interface TracingConfig {
  /** The OTLP/HTTP URL spans are POSTed to, e.g. `http://localhost:4318/v1/traces`. */
  tracesUrl: string;
}

/** The tracing configuration, or undefined (tracing off) when neither endpoint is set. */
export function tracingConfigOf(
  tracesEndpoint: string | undefined,
  endpoint: string | undefined,
): TracingConfig | undefined {
  if (tracesEndpoint !== undefined) return { tracesUrl: tracesEndpoint };
  if (endpoint !== undefined) return { tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces` };
  return undefined;
}
