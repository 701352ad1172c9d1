/** Temporal connection options from environment: plaintext, TLS with CA and server name, mTLS, API key. */
import { loadConfig } from '../../common/config';
import { describeTemporalSecurity, temporalConnectionOptions } from '../../common/temporal-connection';

/** A file reader over fixed contents, recording what was read. */
function files(contents: Record<string, string>) {
  const read: string[] = [];
  const readFile = (path: string): Buffer => {
    read.push(path);
    const text = contents[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return Buffer.from(text);
  };
  return { read, readFile };
}

describe('temporalConnectionOptions', () => {
  it('is plain gRPC by default (the local dev server), reading no file', () => {
    const { read, readFile } = files({});
    const config = loadConfig({ TEMPORAL_ADDRESS: 'localhost:7233' });
    expect(temporalConnectionOptions(config.temporal, readFile)).toEqual({ address: 'localhost:7233' });
    expect(read).toEqual([]);
    expect(describeTemporalSecurity(config.temporal)).toBe('plaintext');
  });

  it('uses TLS with the system CAs when TEMPORAL_TLS=true', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_TLS: 'true' });
    expect(temporalConnectionOptions(config.temporal, files({}).readFile)).toEqual({
      address: 'temporal.example.com:7233',
      tls: {},
    });
  });

  it('uses a custom CA and server name (self-hosted)', () => {
    const { readFile } = files({ '/etc/temporal/ca.pem': 'CA PEM' });
    const config = loadConfig({
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/etc/temporal/ca.pem',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const options = temporalConnectionOptions(config.temporal, readFile);
    expect(options.tls?.serverNameOverride).toBe('temporal.internal');
    expect(options.tls?.serverRootCACertificate?.toString()).toBe('CA PEM');
    expect(options.tls?.clientCertPair).toBeUndefined();
    expect(describeTemporalSecurity(config.temporal)).toBe('tls+custom-ca');
  });

  it('presents a client certificate and key (mTLS)', () => {
    const { readFile } = files({ '/c/client.pem': 'CERT', '/c/client.key': 'KEY' });
    const config = loadConfig({
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/c/client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/c/client.key',
    });
    const pair = temporalConnectionOptions(config.temporal, readFile).tls?.clientCertPair;
    expect(pair?.crt.toString()).toBe('CERT');
    expect(pair?.key.toString()).toBe('KEY');
    expect(describeTemporalSecurity(config.temporal)).toBe('tls+mtls');
  });

  it('sends an API key over TLS (Temporal Cloud)', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'brain.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(temporalConnectionOptions(config.temporal, files({}).readFile)).toEqual({
      address: 'us-east-1.aws.api.temporal.io:7233',
      tls: {},
      apiKey: 'secret-key',
    });
    expect(describeTemporalSecurity(config.temporal)).toBe('tls+api-key');
  });

  it('rejects half an mTLS pair, TLS options with TEMPORAL_TLS=false and a bad boolean', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: '/c/client.pem' })).toThrow(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH: mTLS needs both',
    );
    expect(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x' })).toThrow('TEMPORAL_TLS: false');
    expect(() => loadConfig({ TEMPORAL_TLS: 'yes' })).toThrow('TEMPORAL_TLS');
  });

  it('fails naming the file when a certificate cannot be read', () => {
    const config = loadConfig({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/missing/ca.pem' });
    expect(() => temporalConnectionOptions(config.temporal, files({}).readFile)).toThrow('/missing/ca.pem');
  });
});
