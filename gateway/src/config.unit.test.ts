import assert from 'node:assert/strict';
import { ConfigError } from '@inventory/platform';
import { DEV_ADMIN_PASSWORD, DEV_JWT_SECRET, loadGatewayConfig } from './config.js';

const OWN = { JWT_SECRET: 'a-secret-of-our-own-that-is-long-enough-0123', INVENTORY_ADMIN_PASSWORD: 'Our-Own-Passw0rd-42' };

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  return assert.fail('the configuration was accepted');
};

describe('gateway configuration: safe by default', function () {
  it('refuses to start without its own JWT secret and admin password when NODE_ENV is unset', function () {
    const message = refusal({});
    assert.match(message, /JWT_SECRET: is required/);
    assert.match(message, /INVENTORY_ADMIN_PASSWORD: is required/);
  });

  it('refuses the well-known development secret and password unless local development is asked for', function () {
    for (const NODE_ENV of [undefined, 'development', 'test', 'production']) {
      assert.match(refusal({ NODE_ENV, ...OWN, JWT_SECRET: DEV_JWT_SECRET }), /JWT_SECRET: is the well-known development value/);
      assert.match(refusal({ NODE_ENV, ...OWN, INVENTORY_ADMIN_PASSWORD: DEV_ADMIN_PASSWORD }), /INVENTORY_ADMIN_PASSWORD: is the well-known development value/);
    }
  });

  it('uses the development defaults with INVENTORY_LOCAL_DEV=true, but never with NODE_ENV=production', function () {
    const local = loadGatewayConfig({ INVENTORY_LOCAL_DEV: 'true' });
    assert.equal(local.JWT_SECRET, DEV_JWT_SECRET);
    assert.equal(local.INVENTORY_ADMIN_PASSWORD, DEV_ADMIN_PASSWORD);
    assert.match(refusal({ INVENTORY_LOCAL_DEV: 'true', NODE_ENV: 'production' }), /INVENTORY_LOCAL_DEV: must not be true when NODE_ENV=production/);
  });

  it('starts with secrets of its own, in production rules by default', function () {
    const config = loadGatewayConfig(OWN);
    assert.equal(config.NODE_ENV, 'production');
    assert.equal(config.JWT_SECRET, OWN.JWT_SECRET);
  });

  it('reads TRUST_PROXY as express does: loopback by default, a hop count, false, or names / addresses / CIDRs', function () {
    const trust = (TRUST_PROXY?: string) => loadGatewayConfig({ ...OWN, TRUST_PROXY }).TRUST_PROXY;
    assert.deepEqual(trust(), ['loopback']);
    assert.equal(trust('2'), 2);
    assert.equal(trust('false'), false);
    assert.deepEqual(trust('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7'), ['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']);
    for (const invalid of ['true', '', 'everyone', '10.0.0.0/33', '10.0.0/8', '::1/129', '-1']) {
      assert.match(refusal({ ...OWN, TRUST_PROXY: invalid }), /TRUST_PROXY: must be a hop count/, invalid);
    }
  });
});
