import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  EgressError,
  type LookupFn,
  resolveTarget,
  targetOfAuthority,
  targetOfUrl,
} from '../../lib/net/index.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2001:0::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
  ])('refuses %s (%s)', (address, range) => {
    const v = classifyAddress(address);
    expect(v.range).toBe(range);
    expect(v.allowed).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'])(
    'allows public %s',
    (address) => {
      expect(classifyAddress(address).allowed).toBe(true);
    },
  );

  it('judges IPv4-mapped IPv6 by its IPv4 address', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toMatchObject({ address: '8.8.8.8', family: 4, allowed: true });
  });
});

describe('targetOfUrl', () => {
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://LOCALHOST./', 'localhost'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1'],
    ['https://BÜCHER.example/', 'xn--bcher-kva.example'],
  ])('normalises %s to %s like the browser does', (url, host) => {
    expect(targetOfUrl(url).host).toBe(host);
  });

  it('knows default ports and IP literals', () => {
    expect(targetOfUrl('https://example.com/x')).toMatchObject({
      port: 443,
      literal: false,
      authority: 'example.com:443',
    });
    expect(targetOfUrl('http://[::1]:8080/')).toMatchObject({
      host: '::1',
      port: 8080,
      literal: true,
      authority: '[::1]:8080',
    });
  });

  it('refuses other schemes', () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'gopher://127.0.0.1:70/',
      'data:text/html,x',
    ]) {
      expect(() => targetOfUrl(url)).toThrow(/Only http and https/);
    }
  });

  it('parses CONNECT authorities the same way', () => {
    expect(targetOfAuthority('0x7f.1:443')).toMatchObject({ host: '127.0.0.1', port: 443 });
    expect(targetOfAuthority('[::1]:443')).toMatchObject({ host: '::1', port: 443 });
    expect(() => targetOfAuthority('example.com')).toThrow();
    expect(() => targetOfAuthority('user:pw@example.com:443')).toThrow();
  });
});

describe('resolveTarget', () => {
  const answers =
    (map: Record<string, string[]>): LookupFn =>
    async (host) => {
      const list = map[host];
      if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const lookup = answers({
    'public.test': ['93.184.215.14'],
    'internal.test': ['10.0.0.7'],
    'mixed.test': ['93.184.215.14', '127.0.0.1'],
    'v6loop.test': ['::1'],
    'mapped.test': ['::ffff:169.254.169.254'],
  });
  const strict = { allowPrivateTargets: false, lookup };

  it('returns the checked address of a public name', async () => {
    await expect(resolveTarget(targetOfUrl('http://public.test/'), strict)).resolves.toEqual({
      address: '93.184.215.14',
      family: 4,
    });
  });

  it.each([
    'internal.test',
    'mixed.test',
    'v6loop.test',
    'mapped.test',
    'localhost',
    'api.localhost',
    '127.0.0.1',
  ])('refuses %s', async (host) => {
    const err = await resolveTarget(targetOfUrl(`http://${host}/`), strict).catch((e) => e);
    expect(err).toBeInstanceOf(EgressError);
    expect(err.kind).toBe('blocked');
  });

  it('explains which address of the answer was refused', async () => {
    await expect(resolveTarget(targetOfUrl('http://mixed.test/'), strict)).rejects.toThrow(
      'mixed.test resolves to 127.0.0.1, which is a loopback address',
    );
  });

  it('reports names that do not resolve as dns_error', async () => {
    const err = await resolveTarget(targetOfUrl('http://nowhere.test/'), strict).catch((e) => e);
    expect(err).toMatchObject({ kind: 'dns_error' });
    expect(err.message).toContain('ENOTFOUND');
  });

  it('lets everything through when private targets are allowed', async () => {
    const open = { allowPrivateTargets: true, lookup };
    await expect(resolveTarget(targetOfUrl('http://internal.test/'), open)).resolves.toMatchObject({
      address: '10.0.0.7',
    });
    await expect(resolveTarget(targetOfUrl('http://127.0.0.1/'), open)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });
});
