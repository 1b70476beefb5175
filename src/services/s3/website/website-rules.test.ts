// Unit tests of the pure website rules: which Host names a website endpoint, which key a path asks for (index
// documents, folders), which routing rule applies before the lookup or after an error, and the Location it sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBareWebsiteEndpoint, parseWebsiteHost } from './website-host.js';
import { folderIndexKey, keyOfPath, lookupKey, redirectAll, routingRedirect, ruleBeforeLookup, ruleForError } from './website-rules.js';

test('website hosts: dash and dot regions, dotted bucket names, ports; REST hosts are not websites', () => {
  assert.deepEqual(parseWebsiteHost('site.s3-website-us-east-1.amazonaws.com'), { bucket: 'site', region: 'us-east-1' });
  assert.deepEqual(parseWebsiteHost('www.example.com.s3-website.eu-central-1.amazonaws.com:4566'), { bucket: 'www.example.com', region: 'eu-central-1' });
  assert.deepEqual(parseWebsiteHost('Site.S3-Website-AP-Southeast-2.amazonaws.com.'), { bucket: 'site', region: 'ap-southeast-2' });
  assert.equal(parseWebsiteHost('site.s3.us-east-1.amazonaws.com'), undefined);
  assert.equal(parseWebsiteHost('s3-website-us-east-1.amazonaws.com'), undefined);
  assert.equal(parseWebsiteHost('127.0.0.1:4566'), undefined);
  assert.equal(isBareWebsiteEndpoint('s3-website-us-east-1.amazonaws.com:4566'), true);
  assert.equal(isBareWebsiteEndpoint('s3-website.eu-west-3.amazonaws.com'), true);
  assert.equal(isBareWebsiteEndpoint('site.s3-website.eu-west-3.amazonaws.com'), false);
});

test('the root and keys ending in / ask for the index document; a key without its slash may be a folder', () => {
  assert.equal(lookupKey('', 'index.html'), 'index.html');
  assert.equal(lookupKey('photos/', 'index.html'), 'photos/index.html');
  assert.equal(lookupKey('photos', 'index.html'), 'photos');
  assert.equal(folderIndexKey('photos', 'index.html'), 'photos/index.html');
  assert.equal(folderIndexKey('photos/', 'index.html'), undefined);
  assert.equal(folderIndexKey('', 'index.html'), undefined);
  assert.equal(keyOfPath('/a%20b/c%2Bd.html'), 'a b/c+d.html');
});

test('routing rules: prefix rules apply before the lookup, error rules only after that status, in the order listed', () => {
  const config = {
    RoutingRules: [
      { Condition: { HttpErrorCodeReturnedEquals: '404', KeyPrefixEquals: 'a/' }, Redirect: { ReplaceKeyWith: 'err' } },
      { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
      { Redirect: { HostName: 'all.example' } },
    ],
  };
  assert.equal(ruleBeforeLookup(config, 'docs/x')?.Redirect.ReplaceKeyPrefixWith, 'documents/');
  assert.equal(ruleBeforeLookup(config, 'a/x')?.Redirect.HostName, 'all.example');
  assert.equal(ruleForError(config, 'a/x', 404)?.Redirect.ReplaceKeyWith, 'err');
  assert.equal(ruleForError(config, 'b/x', 404), undefined);
  assert.equal(ruleForError(config, 'a/x', 403), undefined);
});

test('a redirect keeps the host and protocol unless the rule names them; ReplaceKeyPrefixWith replaces only the matched prefix', () => {
  const host = 'site.s3-website-us-east-1.amazonaws.com';
  assert.deepEqual(routingRedirect({ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } }, 'docs/a b.html', host, 'http'),
    { status: 301, location: `http://${host}/documents/a%20b.html` });
  assert.deepEqual(routingRedirect({ Redirect: { ReplaceKeyPrefixWith: 'report-404/', HostName: 'h.example', Protocol: 'https', HttpRedirectCode: '307' } }, 'x.html', host, 'http'),
    { status: 307, location: 'https://h.example/report-404/x.html' });
  assert.deepEqual(routingRedirect({ Redirect: { ReplaceKeyWith: '' } }, 'x.html', host, 'http'), { status: 301, location: `http://${host}/` });
  assert.deepEqual(redirectAll({ RedirectAllRequestsTo: { HostName: 'example.com' } }, '/a/b?c', 'http'), { status: 301, location: 'http://example.com/a/b?c' });
  assert.equal(redirectAll({ IndexDocument: { Suffix: 'index.html' } }, '/', 'http'), undefined);
});
