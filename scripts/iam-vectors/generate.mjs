#!/usr/bin/env node
// Generates the differential IAM test vectors in testdata/iam/vectors/*.jsonl.
//
// 1. Builds requests in the oracle's request format (see shared/oracle/README.md), one
//    named group per evaluation feature; ids are "<group>-<nnn>-<what>".
// 2. Runs the oracle on all of them (node <oracle>/simulate.mjs --batch -).
// 3. Writes one JSONL file per group: each line is the request plus "expect" (the
//    oracle's decision). Where the oracle is known to deviate from AWS (a caveat code of
//    its README table) or AWS documents another outcome, the vector also carries
//    "awsExpected" and "why". Requests the oracle rejects ("error") are dropped.
//
// Deterministic: a seeded PRNG, no clock, stable ordering. Same oracle, same bytes.
// Usage: node generate.mjs --oracle /tmp/oracle [--out DIR] [--check]
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const argv = process.argv.slice(2)
const arg = (name, dflt) => {
  const i = argv.indexOf(name)
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt
}
const ORACLE = resolve(arg('--oracle', '/tmp/oracle'))
const OUT = resolve(arg('--out', join(here, '..', '..', 'testdata', 'iam', 'vectors')))
const CHECK = argv.includes('--check')

// ------------------------------------------------------------------ PRNG (mulberry32)
let seed = 0x6c75e1
function rnd() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (xs) => xs[Math.floor(rnd() * xs.length)]

// ------------------------------------------------------------------ fixtures
const A = '111122223333' // the deploying account
const B = '444455556666' // another account
const USER = `arn:aws:iam::${A}:user/glue-dev`
const USER_B = `arn:aws:iam::${B}:user/partner`
const ROLE = `arn:aws:iam::${A}:role/etl-runtime-role`
const ROLE_B = `arn:aws:iam::${B}:role/partner-role`
const SESSION = `arn:aws:sts::${A}:assumed-role/etl-runtime-role/job-run-1`
const GLUE_SP = 'glue.amazonaws.com'
const BUCKET = 'glue-data-bucket'
const OBJ = (k) => `arn:aws:s3:::${BUCKET}/${k}`
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const KEY_B = `arn:aws:kms:us-east-1:${B}:key/0987dcba-09fe-87dc-65ba-ab0987654321`
const JOB = (n) => `arn:aws:glue:us-east-1:${A}:job/${n}`
const LOG_GROUP = `arn:aws:logs:us-east-1:${A}:log-group:/aws-glue/jobs/output`
const LOG_STREAM = `${LOG_GROUP}:log-stream:jr_0123456789abcdef`
const GLUE_SERVICE_ROLE_ARN = 'arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole'

const V = '2012-10-17'
const doc = (...Statement) => ({ Version: V, Statement })
const oldDoc = (...Statement) => ({ Version: '2008-10-17', Statement })
const st = (Effect, Action, Resource, Condition, extra = {}) => ({
  Effect,
  ...(Action !== undefined ? { Action } : {}),
  ...(Resource !== undefined ? { Resource } : {}),
  ...(Condition ? { Condition } : {}),
  ...extra
})
const allow = (a, r, c, x) => st('Allow', a, r, c, x)
const deny = (a, r, c, x) => st('Deny', a, r, c, x)
const allowAll = doc(allow('*', '*'))
const rq = (principal, action, resource, context, extra = {}) => ({
  principal,
  action,
  resource,
  ...(resource.startsWith('arn:aws:s3:::') ? { resourceAccount: A } : {}),
  ...(context ? { context } : {}),
  ...extra
})
const getObj = (context, key = 'raw/input.csv', principal = USER) => rq(principal, 's3:GetObject', OBJ(key), context)

// ------------------------------------------------------------------ registry
const vectors = []
const counters = new Map()
/** Add one vector. `aws` = AWS's decision where it differs from (or may differ from) the oracle. */
function add(group, what, body, aws) {
  const n = (counters.get(group) ?? 0) + 1
  counters.set(group, n)
  const id = `${group}-${String(n).padStart(3, '0')}-${what}`
  vectors.push({ group, id, body, aws })
}

// ================================================================== groups

// ---- action: Action/NotAction, wildcards, case-insensitivity
{
  const pats = [
    ['exact', 's3:GetObject'],
    ['star-suffix', 's3:Get*'],
    ['star-prefix', 's3:*Object'],
    ['star-middle', 's3:G*t*'],
    ['qmark', 's3:GetObjec?'],
    ['qmark-too-short', 's3:GetObj?'],
    ['service-star', 's3:*'],
    ['all', '*'],
    ['other-service', 'glue:GetObject'],
    ['upper-policy', 'S3:GETOBJECT'],
    ['mixed-policy', 's3:getobject'],
    ['prefix-no-star', 's3:Get'],
    ['star-service', '*:GetObject'],
    ['list', ['s3:PutObject', 's3:GetObject']],
    ['list-miss', ['s3:PutObject', 's3:ListBucket']]
  ]
  for (const [what, a] of pats) {
    for (const reqAction of ['s3:GetObject', 'S3:getobject']) {
      add('action', `allow-${what}${reqAction === 's3:GetObject' ? '' : '-req-case'}`, {
        identityPolicies: [doc(allow(a, '*'))],
        request: rq(USER, reqAction, OBJ('k.csv'))
      })
    }
    add('action', `notaction-${what}`, {
      identityPolicies: [doc(allow(undefined, '*', undefined, { NotAction: a }))],
      request: getObj()
    })
    add('action', `deny-${what}`, {
      identityPolicies: [allowAll, doc(deny(a, '*'))],
      request: getObj()
    })
    add('action', `deny-notaction-${what}`, {
      identityPolicies: [allowAll, doc(deny(undefined, '*', undefined, { NotAction: a }))],
      request: getObj()
    })
  }
  add('action', 'notaction-other-service-put', {
    identityPolicies: [doc(allow(undefined, '*', undefined, { NotAction: ['iam:*', 's3:Get*'] }))],
    request: rq(USER, 's3:PutObject', OBJ('k'))
  })
  add('action', 'no-policies', { request: getObj() })
  add('action', 'empty-statement-list', { identityPolicies: [doc()], request: getObj() })
}

// ---- resource: Resource/NotResource, wildcards across ARN segments, case-sensitivity
{
  const roleReq = (res) => rq(USER, 'iam:GetRole', res)
  const cases = [
    ['exact', ROLE, ROLE],
    ['star-name', `arn:aws:iam::${A}:role/*`, ROLE],
    ['star-account', 'arn:aws:iam::*:role/etl-runtime-role', ROLE],
    ['star-partition', `arn:*:iam::${A}:role/etl-runtime-role`, ROLE],
    ['star-service', `arn:aws:*::${A}:role/etl-runtime-role`, ROLE],
    ['star-everything', '*', ROLE],
    ['star-resource-field', `arn:aws:iam::${A}:*`, ROLE],
    ['qmark-account', 'arn:aws:iam::11112222333?:role/etl-runtime-role', ROLE],
    ['qmark-name', `arn:aws:iam::${A}:role/etl-runtime-rol?`, ROLE],
    ['qmark-no-empty', `arn:aws:iam::${A}:role/etl-runtime-role?`, ROLE],
    ['star-crosses-slash', `arn:aws:iam::${A}:role/*`, `arn:aws:iam::${A}:role/service-role/AWSGlueServiceRole-x`],
    ['prefix-star', `arn:aws:iam::${A}:role/etl-*`, ROLE],
    ['prefix-miss', `arn:aws:iam::${A}:role/app-*`, ROLE],
    ['case-name', `arn:aws:iam::${A}:role/ETL-runtime-role`, ROLE],
    ['case-type', `arn:aws:iam::${A}:Role/etl-runtime-role`, ROLE],
    ['case-service', `arn:aws:IAM::${A}:role/etl-runtime-role`, ROLE],
    ['other-account', `arn:aws:iam::${B}:role/etl-runtime-role`, ROLE],
    ['path-role', `arn:aws:iam::${A}:role/team/*`, `arn:aws:iam::${A}:role/team/etl`],
    ['path-miss', `arn:aws:iam::${A}:role/team/*`, `arn:aws:iam::${A}:role/other/etl`],
    ['list', [`arn:aws:iam::${A}:role/a`, ROLE], ROLE],
    ['star-region-empty', `arn:aws:iam:*:${A}:role/etl-runtime-role`, ROLE],
    ['double-star', `arn:aws:iam::${A}:role/**`, ROLE]
  ]
  for (const [what, pat, res] of cases) {
    add('resource', `allow-${what}`, { identityPolicies: [doc(allow('iam:GetRole', pat))], request: roleReq(res) })
    add('resource', `notresource-${what}`, {
      identityPolicies: [doc(allow('iam:GetRole', undefined, undefined, { NotResource: pat }))],
      request: roleReq(res)
    })
    add('resource', `deny-${what}`, {
      identityPolicies: [allowAll, doc(deny('iam:GetRole', pat))],
      request: roleReq(res)
    })
  }
  const s3cases = [
    ['bucket-slash-star', `arn:aws:s3:::${BUCKET}/*`, OBJ('raw/in.csv')],
    ['bucket-prefix', `arn:aws:s3:::${BUCKET}/raw/*`, OBJ('raw/in.csv')],
    ['bucket-prefix-miss', `arn:aws:s3:::${BUCKET}/raw/*`, OBJ('curated/in.csv')],
    ['bucket-only', BUCKET_ARN, OBJ('raw/in.csv')],
    ['bucket-star-no-slash', `arn:aws:s3:::${BUCKET}*`, OBJ('raw/in.csv')],
    ['key-case', `arn:aws:s3:::${BUCKET}/RAW/*`, OBJ('raw/in.csv')],
    ['bucket-qmark', 'arn:aws:s3:::glue-data-bucke?/*', OBJ('raw/in.csv')],
    ['key-with-colon', `arn:aws:s3:::${BUCKET}/a:b/*`, OBJ('a:b/c')],
    ['any-bucket-glue-dir', 'arn:aws:s3:::*/*aws-glue-*/*', OBJ('x/aws-glue-temp/y')],
    ['star-star', 'arn:aws:s3:::*/*', OBJ('k')]
  ]
  for (const [what, pat, res] of s3cases) {
    add('resource', `s3-${what}`, { identityPolicies: [doc(allow('s3:GetObject', pat))], request: rq(USER, 's3:GetObject', res) })
    add('resource', `s3-notresource-${what}`, {
      identityPolicies: [doc(allow('s3:GetObject', undefined, undefined, { NotResource: pat }))],
      request: rq(USER, 's3:GetObject', res)
    })
  }
}

// ---- condition operators (identity policy, Allow and Deny forms)
/** One condition case in both forms: Allow-with-condition, and Allow * + Deny-with-condition. */
function condCase(group, what, condition, context, req) {
  const request = req ?? getObj(context)
  if (req && context) request.context = context
  add(group, `allow-${what}`, { identityPolicies: [doc(allow(request.action, '*', condition))], request })
  add(group, `deny-${what}`, { identityPolicies: [allowAll, doc(deny(request.action, '*', condition))], request })
}
const absent = undefined

// String*
{
  const K = 'aws:PrincipalTag/team'
  const ops = [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike'
  ]
  const vals = [
    ['same', 'data-eng', 'data-eng'],
    ['case', 'data-eng', 'Data-Eng'],
    ['other', 'data-eng', 'web'],
    ['glob', 'data-*', 'data-eng'],
    ['qmark', 'data-en?', 'data-eng'],
    ['list', ['web', 'data-eng'], 'data-eng'],
    ['empty-value', '', ''],
    ['missing', 'data-eng', absent]
  ]
  for (const op of ops) {
    for (const [v, pv, cv] of vals) {
      condCase('cond-string', `${op}-${v}`, { [op]: { [K]: pv } }, cv === absent ? {} : { [K]: cv })
    }
    for (const cv of ['data-eng', absent]) {
      condCase('cond-string', `${op}IfExists-${cv ? 'present' : 'missing'}`, { [`${op}IfExists`]: { [K]: 'web' } }, cv ? { [K]: cv } : {})
    }
  }
  // several keys = AND, several operators = AND, key names case-insensitive
  const two = { StringEquals: { [K]: 'data-eng', 'aws:PrincipalTag/env': 'prod' } }
  condCase('cond-string', 'two-keys-both', two, { [K]: 'data-eng', 'aws:PrincipalTag/env': 'prod' })
  condCase('cond-string', 'two-keys-one', two, { [K]: 'data-eng', 'aws:PrincipalTag/env': 'dev' })
  const twoOps = { StringEquals: { [K]: 'data-eng' }, StringLike: { 'aws:PrincipalTag/env': 'pr*' } }
  condCase('cond-string', 'two-ops-both', twoOps, { [K]: 'data-eng', 'aws:PrincipalTag/env': 'prod' })
  condCase('cond-string', 'two-ops-one', twoOps, { [K]: 'data-eng', 'aws:PrincipalTag/env': 'dev' })
  condCase('cond-string', 'key-name-case', { StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'data-eng' } }, { [K]: 'data-eng' })
  condCase('cond-string', 'operator-case', { stringequals: { [K]: 'data-eng' } }, { [K]: 'data-eng' })
  condCase('cond-string', 'requested-region', { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } }, { 'aws:RequestedRegion': 'us-east-1' })
  condCase('cond-string', 'like-literal-star-in-value', { StringLike: { [K]: 'data-eng' } }, { [K]: 'data-*' })
}

// Numeric*
{
  const K = 'aws:MultiFactorAuthAge'
  const ops = ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals']
  for (const op of ops) {
    for (const [v, cv] of [['below', '3599'], ['equal', '3600'], ['above', '3601'], ['missing', absent]]) {
      condCase('cond-numeric', `${op}-${v}`, { [op]: { [K]: '3600' } }, cv === absent ? {} : { [K]: cv })
    }
    condCase('cond-numeric', `${op}IfExists-missing`, { [`${op}IfExists`]: { [K]: '3600' } }, {})
  }
  condCase('cond-numeric', 'equals-float', { NumericEquals: { [K]: '1.5' } }, { [K]: '1.50' })
  condCase('cond-numeric', 'equals-list', { NumericEquals: { [K]: ['10', '20'] } }, { [K]: '20' })
  condCase('cond-numeric', 'number-typed-policy-value', { NumericLessThan: { [K]: 3600 } }, { [K]: 100 })
  condCase('cond-numeric', 'negative', { NumericGreaterThan: { [K]: '-5' } }, { [K]: '0' })
}

// Date*
{
  const K = 'aws:CurrentTime'
  const ops = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals']
  const P = '2026-06-01T00:00:00Z'
  for (const op of ops) {
    for (const [v, cv] of [
      ['before', '2026-05-31T23:59:59Z'],
      ['equal', '2026-06-01T00:00:00Z'],
      ['after', '2026-06-01T00:00:01Z'],
      ['missing', absent]
    ]) {
      condCase('cond-date', `${op}-${v}`, { [op]: { [K]: P } }, cv === absent ? {} : { [K]: cv })
    }
    condCase('cond-date', `${op}IfExists-missing`, { [`${op}IfExists`]: { [K]: P } }, {})
    // epoch seconds on both sides (aws:EpochTime)
    condCase('cond-date', `${op}-epoch-both`, { [op]: { 'aws:EpochTime': '1780272000' } }, { 'aws:EpochTime': '1780272001' })
  }
  condCase('cond-date', 'iso-date-only', { DateGreaterThan: { [K]: '2026-01-01' } }, { [K]: '2026-06-01T00:00:00Z' })
  condCase('cond-date', 'iso-offset', { DateLessThan: { [K]: '2026-06-01T00:00:00+02:00' } }, { [K]: '2026-05-31T23:00:00Z' })
  condCase('cond-date', 'iso-millis', { DateEquals: { [K]: '2026-06-01T00:00:00.000Z' } }, { [K]: '2026-06-01T00:00:00Z' })
  condCase('cond-date', 'token-issue-time', { DateGreaterThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } }, { 'aws:TokenIssueTime': '2025-12-31T00:00:00Z' })
}

// Bool, Null, Binary
{
  for (const K of ['aws:SecureTransport', 'aws:MultiFactorAuthPresent']) {
    const k = K.split(':')[1]
    for (const pv of ['true', 'false']) {
      for (const cv of [true, false, 'TRUE', absent]) {
        condCase('cond-bool', `${k}-${pv}-given-${cv ?? 'missing'}`, { Bool: { [K]: pv } }, cv === absent ? {} : { [K]: cv })
      }
      condCase('cond-bool', `${k}-ifexists-${pv}-missing`, { BoolIfExists: { [K]: pv } }, {})
      condCase('cond-bool', `${k}-ifexists-${pv}-given-false`, { BoolIfExists: { [K]: pv } }, { [K]: false })
    }
  }
  condCase('cond-bool', 'json-boolean-policy-value', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' })
  const K = 'aws:PrincipalTag/team'
  for (const pv of ['true', 'false']) {
    for (const cv of ['data-eng', absent]) {
      condCase('cond-null', `${pv}-${cv ? 'present' : 'missing'}`, { Null: { [K]: pv } }, cv ? { [K]: cv } : {})
    }
    condCase('cond-null', `${pv}-sourceip-missing`, { Null: { 'aws:SourceIp': pv } }, {})
    condCase('cond-null', `${pv}-tagkeys-empty`, { Null: { 'aws:TagKeys': pv } }, { 'aws:TagKeys': [] }, rq(USER, 'glue:CreateJob', JOB('j')))
    condCase('cond-null', `${pv}-tagkeys-missing`, { Null: { 'aws:TagKeys': pv } }, {}, rq(USER, 'glue:CreateJob', JOB('j')))
  }
  for (const [v, pv, cv] of [
    ['same', 'ZGF0YS1lbmc=', 'ZGF0YS1lbmc='],
    ['other', 'ZGF0YS1lbmc=', 'd2Vi'],
    ['missing', 'ZGF0YS1lbmc=', absent]
  ]) {
    condCase('cond-binary', v, { BinaryEquals: { 'aws:PrincipalTag/blob': pv } }, cv === absent ? {} : { 'aws:PrincipalTag/blob': cv })
    condCase('cond-binary', `ifexists-${v}`, { BinaryEqualsIfExists: { 'aws:PrincipalTag/blob': pv } }, cv === absent ? {} : { 'aws:PrincipalTag/blob': cv })
  }
}

// IpAddress / NotIpAddress, v4 and v6
{
  const K = 'aws:SourceIp'
  const cases = [
    ['v4-in-24', '203.0.113.0/24', '203.0.113.77'],
    ['v4-out-24', '203.0.113.0/24', '203.0.114.77'],
    ['v4-exact-32', '203.0.113.77/32', '203.0.113.77'],
    ['v4-no-prefix', '203.0.113.77', '203.0.113.77'],
    ['v4-in-8', '10.0.0.0/8', '10.200.3.4'],
    ['v4-out-8', '10.0.0.0/8', '11.0.0.1'],
    ['v4-in-1', '128.0.0.0/1', '200.1.1.1'],
    ['v4-list', ['192.0.2.0/24', '203.0.113.0/24'], '203.0.113.9'],
    ['v6-in-64', '2001:db8:1234:5678::/64', '2001:db8:1234:5678::1'],
    ['v6-out-64', '2001:db8:1234:5678::/64', '2001:db8:1234:9999::1'],
    ['v6-in-32', '2001:db8::/32', '2001:db8:ffff::2'],
    ['v6-exact-128', '2001:db8::1/128', '2001:db8::1'],
    ['v6-full-form', '2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::5'],
    ['v4-policy-v6-request', '203.0.113.0/24', '2001:db8::1'],
    ['v6-policy-v4-request', '2001:db8::/32', '203.0.113.1'],
    ['v6-zero', '::/0', '2001:db8::1'],
    ['missing', '203.0.113.0/24', absent]
  ]
  for (const op of ['IpAddress', 'NotIpAddress']) {
    for (const [what, pv, cv] of cases) {
      condCase('cond-ip', `${op}-${what}`, { [op]: { [K]: pv } }, cv === absent ? {} : { [K]: cv })
    }
    condCase('cond-ip', `${op}IfExists-missing`, { [`${op}IfExists`]: { [K]: '203.0.113.0/24' } }, {})
  }
}

// Arn*
{
  const K = 'aws:SourceArn'
  const ops = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike']
  const src = `arn:aws:glue:us-east-1:${A}:job/nightly-etl`
  const cases = [
    ['exact', src, src],
    ['wild-name', `arn:aws:glue:us-east-1:${A}:job/*`, src],
    ['wild-region', `arn:aws:glue:*:${A}:job/nightly-etl`, src],
    ['wild-account-miss', `arn:aws:glue:us-east-1:${B}:job/*`, src],
    ['qmark', `arn:aws:glue:us-east-1:${A}:job/nightly-et?`, src],
    ['case', `arn:aws:glue:us-east-1:${A}:job/Nightly-ETL`, src],
    ['not-an-arn', 'nightly-etl', src],
    ['missing', src, absent]
  ]
  for (const op of ops) {
    for (const [what, pv, cv] of cases) {
      condCase('cond-arn', `${op}-${what}`, { [op]: { [K]: pv } }, cv === absent ? {} : { [K]: cv })
    }
    condCase('cond-arn', `${op}IfExists-missing`, { [`${op}IfExists`]: { [K]: src } }, {})
  }
  condCase('cond-arn', 'principalarn-like', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/glue-*` } }, { 'aws:PrincipalArn': USER })
  condCase('cond-arn', 'stringlike-on-arn', { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } }, { 'aws:PrincipalArn': USER })
}

// ForAnyValue / ForAllValues on multi-valued keys (missing, empty, single, multi)
{
  const createJob = () => rq(USER, 'glue:CreateJob', JOB('nightly-etl'))
  const sets = [
    ['missing', absent],
    ['empty', []],
    ['one-in', ['env']],
    ['one-out', ['cost']],
    ['two-in', ['env', 'team']],
    ['mixed', ['env', 'cost']],
    ['case', ['ENV']],
    ['string-not-array', 'env']
  ]
  const ops = [
    'ForAnyValue:StringEquals',
    'ForAllValues:StringEquals',
    'ForAnyValue:StringLike',
    'ForAllValues:StringLike',
    'ForAnyValue:StringNotEquals',
    'ForAllValues:StringNotEquals',
    'ForAnyValue:StringEqualsIgnoreCase',
    'ForAllValues:StringEqualsIfExists',
    'ForAnyValue:StringEqualsIfExists'
  ]
  for (const op of ops) {
    const pv = op.includes('Like') ? ['e*', 'team'] : ['env', 'team']
    for (const [what, cv] of sets) {
      condCase('cond-set', `${op.replace(':', '-')}-${what}`, { [op]: { 'aws:TagKeys': pv } }, cv === absent ? {} : { 'aws:TagKeys': cv }, createJob())
    }
  }
  // global multi-valued key aws:CalledVia
  for (const op of ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals']) {
    for (const [what, cv] of [
      ['missing', absent],
      ['one', ['athena.amazonaws.com']],
      ['two', ['athena.amazonaws.com', 'glue.amazonaws.com']]
    ]) {
      condCase('cond-set', `calledvia-${op.replace(':', '-')}-${what}`, { [op]: { 'aws:CalledVia': ['athena.amazonaws.com'] } }, cv === absent ? {} : { 'aws:CalledVia': cv })
    }
  }
  condCase('cond-set', 'forall-null-guard', {
    'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] },
    Null: { 'aws:TagKeys': 'false' }
  }, {}, createJob())
  condCase('cond-set', 'foranyvalue-numeric', { 'ForAnyValue:NumericLessThan': { 'aws:PrincipalTag/level': '5' } }, { 'aws:PrincipalTag/level': '3' })
  condCase('cond-set', 'request-tag', { StringEquals: { 'aws:RequestTag/env': 'prod' } }, { 'aws:RequestTag/env': 'prod', 'aws:TagKeys': ['env'] }, createJob())
}

// Negated operators on missing keys
{
  const negs = [
    ['StringNotEquals', 'aws:PrincipalTag/team', 'x'],
    ['StringNotLike', 'aws:PrincipalTag/team', 'x*'],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'x'],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', '5'],
    ['DateNotEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z'],
    ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'],
    ['ArnNotEquals', 'aws:SourceArn', JOB('x')],
    ['ArnNotLike', 'aws:SourceArn', JOB('*')],
    ['ForAllValues:StringNotEquals', 'aws:CalledVia', 'athena.amazonaws.com'],
    ['ForAnyValue:StringNotEquals', 'aws:CalledVia', 'athena.amazonaws.com']
  ]
  for (const [op, k, v] of negs) {
    condCase('cond-negated-missing', op.replace(':', '-'), { [op]: { [k]: v } }, {})
    condCase('cond-negated-missing', `${op.replace(':', '-')}IfExists`, { [`${op}IfExists`]: { [k]: v } }, {})
  }
}

// ---- policy variables
{
  const withUser = { 'aws:username': 'glue-dev' }
  const cases = [
    ['username-in-resource', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`), getObj(withUser, 'home/glue-dev/a.csv')],
    ['username-other-home', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`), getObj(withUser, 'home/someone/a.csv')],
    ['username-missing', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`), getObj({}, 'home/glue-dev/a.csv')],
    ['username-literal-key', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`), getObj({}, 'home/${aws:username}/a.csv')],
    ['principaltag-in-resource', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team}/*`), getObj({ 'aws:PrincipalTag/team': 'data' }, 'data/x')],
    ['principaltag-missing', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team}/*`), getObj({}, 'data/x')],
    ['default-used', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*`), getObj({}, 'shared/x')],
    ['default-not-used', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*`), getObj({ 'aws:PrincipalTag/team': 'data' }, 'shared/x')],
    ['default-tag-present', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*`), getObj({ 'aws:PrincipalTag/team': 'data' }, 'data/x')],
    ['star-escape', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${*}/*`), getObj({}, '*/x')],
    ['star-escape-not-glob', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${*}/*`), getObj({}, 'anything/x')],
    ['qmark-escape', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/what\${?}/*`), getObj({}, 'what?/x')],
    ['qmark-escape-not-glob', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/what\${?}/*`), getObj({}, 'whatX/x')],
    ['dollar-escape', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/cost\${$}/*`), getObj({}, 'cost$/x')],
    ['var-in-condition', allow('s3:GetObject', '*', { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }), getObj({ 'aws:username': 'glue-dev', 'aws:PrincipalTag/owner': 'glue-dev' })],
    ['var-in-condition-miss', allow('s3:GetObject', '*', { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }), getObj({ 'aws:username': 'glue-dev', 'aws:PrincipalTag/owner': 'other' })],
    ['var-in-condition-missing-var', allow('s3:GetObject', '*', { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } }), getObj({ 'aws:PrincipalTag/owner': 'glue-dev' })],
    ['var-in-stringlike', allow('s3:ListBucket', BUCKET_ARN, { StringLike: { 's3:prefix': ['home/${aws:username}/*'] } }), rq(USER, 's3:ListBucket', BUCKET_ARN, { 's3:prefix': 'home/glue-dev/2026/', 'aws:username': 'glue-dev' })],
    ['var-in-role-name', allow('iam:PassRole', `arn:aws:iam::${A}:role/\${aws:PrincipalTag/team}-*`), rq(USER, 'iam:PassRole', `arn:aws:iam::${A}:role/data-etl`, { 'aws:PrincipalTag/team': 'data', 'iam:PassedToService': GLUE_SP })],
    ['var-value-with-star', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:PrincipalTag/team}/x`), getObj({ 'aws:PrincipalTag/team': '*' }, 'data/x')],
    ['userid-var', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${aws:userid}/*`), getObj({ 'aws:userid': 'AIDAEXAMPLE' }, 'AIDAEXAMPLE/x')],
    ['var-case-insensitive-key', allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/\${AWS:UserName}/*`), getObj(withUser, 'glue-dev/x')]
  ]
  for (const [what, s, request] of cases) add('policy-variables', what, { identityPolicies: [doc(s)], request })
  // 2008-10-17 and missing Version: ${...} is literal text in AWS
  for (const [what, d] of [
    ['v2008', oldDoc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`))],
    ['no-version', { Statement: [allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/home/\${aws:username}/*`)] }]
  ]) {
    add('policy-variables', `${what}-substituted-path`, { identityPolicies: [d], request: getObj(withUser, 'home/glue-dev/a.csv') }, {
      decision: 'implicitDeny',
      why: 'policy variables are only substituted in Version 2012-10-17 documents; earlier ones treat ${...} as literal text (IAM JSON policy elements: Version; IAM policy elements: Variables and tags)'
    })
    add('policy-variables', `${what}-literal-path`, { identityPolicies: [d], request: getObj(withUser, 'home/${aws:username}/a.csv') }, {
      decision: 'allowed',
      why: 'policy variables are only substituted in Version 2012-10-17 documents; earlier ones treat ${...} as literal text (IAM JSON policy elements: Version)'
    })
  }
  add('policy-variables', 'v2008-no-variable', { identityPolicies: [oldDoc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`))], request: getObj() })
  // variable in the account field of the ARN
  add('policy-variables', 'var-in-account-field', {
    identityPolicies: [doc(allow('iam:GetRole', 'arn:aws:iam::${aws:PrincipalAccount}:role/etl-runtime-role'))],
    request: rq(USER, 'iam:GetRole', ROLE, { 'aws:PrincipalAccount': A })
  }, {
    decision: 'allowed',
    why: 'AWS substitutes policy variables anywhere in the Resource string, including the account field (IAM policy elements: Variables and tags; medium confidence)'
  })
  add('policy-variables', 'var-in-account-field-other', {
    identityPolicies: [doc(allow('iam:GetRole', 'arn:aws:iam::${aws:PrincipalAccount}:role/etl-runtime-role'))],
    request: rq(USER, 'iam:GetRole', ROLE, { 'aws:PrincipalAccount': B })
  }, {
    decision: 'implicitDeny',
    why: 'the variable resolves to the other account, so the Resource does not match (IAM policy elements: Variables and tags)'
  })
}

// ---- explicit deny in each layer (an allow everywhere else)
{
  const P = ROLE
  const base = (over) => ({
    identityPolicies: [allowAll],
    ...over,
    request: rq(SESSION, 's3:GetObject', OBJ('k'), { 'aws:PrincipalTag/team': 'data' })
  })
  const denyGet = doc(deny('s3:GetObject', '*'))
  const denyGetRcp = doc(deny('s3:GetObject', '*', undefined, { Principal: '*' }))
  add('explicit-deny', 'none', base({}))
  add('explicit-deny', 'identity', base({ identityPolicies: [allowAll, denyGet] }))
  add('explicit-deny', 'boundary', base({ permissionBoundaries: [doc(allow('*', '*'), deny('s3:GetObject', '*'))] }))
  add('explicit-deny', 'scp', base({ scps: ['FullAWSAccess', denyGet] }))
  add('explicit-deny', 'rcp', base({ rcps: [denyGetRcp] }))
  add('explicit-deny', 'session', base({ sessionPolicy: doc(allow('*', '*'), deny('s3:GetObject', '*')) }))
  add('explicit-deny', 'resource', base({ resourcePolicy: doc(deny('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: P } })) }))
  add('explicit-deny', 'resource-star', base({ resourcePolicy: doc(deny('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: '*' })) }))
  add('explicit-deny', 'resource-deny-beats-allow', base({
    resourcePolicy: doc(
      allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: P } }),
      deny('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: '*' })
    )
  }))
  add('explicit-deny', 'vpce', base({ vpcEndpointPolicies: [doc(allow('*', '*', undefined, { Principal: '*' }), deny('s3:GetObject', '*', undefined, { Principal: '*' }))] }))
  add('explicit-deny', 'deny-with-false-condition', base({ identityPolicies: [allowAll, doc(deny('s3:GetObject', '*', { StringEquals: { 'aws:PrincipalTag/team': 'web' } }))] }))
  add('explicit-deny', 'deny-notresource', base({ identityPolicies: [allowAll, doc(deny('s3:GetObject', undefined, undefined, { NotResource: `arn:aws:s3:::other/*` }))] }))
  add('explicit-deny', 'deny-other-action', base({ identityPolicies: [allowAll, doc(deny('s3:PutObject', '*'))] }))
  add('explicit-deny', 'scp-deny-in-lower-ou', base({ scps: [['FullAWSAccess'], ['FullAWSAccess', denyGet]] }))
}

// ---- permission boundaries
{
  const req = (extra) => rq(USER, 's3:GetObject', OBJ('k'), extra)
  const idAllow = doc(allow('s3:GetObject', '*'))
  add('boundary', 'allows', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:*', '*'))], request: req() })
  add('boundary', 'does-not-allow', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:PutObject', '*'))], request: req() })
  add('boundary', 'allows-but-no-identity', { permissionBoundaries: [doc(allow('s3:*', '*'))], request: req() })
  add('boundary', 'empty', { identityPolicies: [idAllow], permissionBoundaries: [doc()], request: req() })
  add('boundary', 'conditional-true', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:*', '*', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }))], request: req({ 'aws:RequestedRegion': 'us-east-1' }) })
  add('boundary', 'conditional-false', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:*', '*', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }))], request: req({ 'aws:RequestedRegion': 'eu-west-1' }) })
  add('boundary', 'resource-scoped', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:*', `arn:aws:s3:::${BUCKET}/public/*`))], request: req() })
  add('boundary', 'managed-glue-service-role', { identityPolicies: [allowAll], permissionBoundaries: [GLUE_SERVICE_ROLE_ARN], request: rq(ROLE, 'glue:GetJob', JOB('nightly-etl')) })
  add('boundary', 'managed-glue-service-role-iam', { identityPolicies: [allowAll], permissionBoundaries: [GLUE_SERVICE_ROLE_ARN], request: rq(ROLE, 'iam:PassRole', ROLE, { 'iam:PassedToService': GLUE_SP }) })
  const bucketAllowsUser = doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: USER } }))
  const bucketAllowsAccount = doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } }))
  const bucketAllowsRole = doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: ROLE } }))
  const bucketAllowsSession = doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: SESSION } }))
  const pbPut = [doc(allow('s3:PutObject', '*'))]
  add('boundary', 'resource-policy-names-user', { permissionBoundaries: pbPut, resourcePolicy: bucketAllowsUser, request: req() })
  add('boundary', 'resource-policy-names-account', { permissionBoundaries: pbPut, resourcePolicy: bucketAllowsAccount, request: req() })
  add('boundary', 'resource-policy-names-role-session-principal', { permissionBoundaries: pbPut, resourcePolicy: bucketAllowsRole, request: rq(SESSION, 's3:GetObject', OBJ('k')) })
  add('boundary', 'resource-policy-names-session', { permissionBoundaries: pbPut, resourcePolicy: bucketAllowsSession, request: rq(SESSION, 's3:GetObject', OBJ('k')) })
  add('boundary', 'resource-policy-names-role-role-principal', { permissionBoundaries: pbPut, resourcePolicy: bucketAllowsRole, request: rq(ROLE, 's3:GetObject', OBJ('k')) })
  add('boundary', 'no-boundary-resource-policy-user', { resourcePolicy: bucketAllowsUser, request: req() })
  add('boundary', 'two-boundaries-merged', { identityPolicies: [idAllow], permissionBoundaries: [doc(allow('s3:PutObject', '*')), doc(allow('s3:GetObject', '*'))], request: req() })
  add('boundary', 'notaction-boundary', { identityPolicies: [allowAll], permissionBoundaries: [doc(allow(undefined, '*', undefined, { NotAction: 'iam:*' }))], request: rq(USER, 'iam:PassRole', ROLE, { 'iam:PassedToService': GLUE_SP }) })
}

// ---- SCPs: flat, per OU level, level without allow, deny
{
  const req = () => rq(USER, 's3:GetObject', OBJ('k'))
  const id = [allowAll]
  const s3Only = doc(allow('s3:*', '*'))
  const glueOnly = doc(allow('glue:*', '*'))
  const denyS3 = doc(deny('s3:*', '*'))
  const cases = [
    ['none', undefined],
    ['flat-full', ['FullAWSAccess']],
    ['flat-s3', [s3Only]],
    ['flat-glue-only', [glueOnly]],
    ['flat-full-and-deny', ['FullAWSAccess', denyS3]],
    ['flat-empty-policy', [doc()]],
    ['levels-all-full', [['FullAWSAccess'], ['FullAWSAccess'], ['FullAWSAccess']]],
    ['levels-middle-without-allow', [['FullAWSAccess'], [glueOnly], ['FullAWSAccess']]],
    ['levels-leaf-without-allow', [['FullAWSAccess'], ['FullAWSAccess'], [glueOnly]]],
    ['levels-root-without-allow', [[glueOnly], ['FullAWSAccess']]],
    ['levels-each-allows-differently', [[s3Only], [doc(allow('s3:GetObject', '*'))]]],
    ['levels-deny-at-root', [['FullAWSAccess', denyS3], ['FullAWSAccess']]],
    ['levels-empty-level', [['FullAWSAccess'], []]],
    ['levels-allow-only-other-bucket', [['FullAWSAccess'], [doc(allow('s3:*', 'arn:aws:s3:::other/*'))]]],
    ['flat-conditional-deny-true', ['FullAWSAccess', doc(deny('s3:*', '*', { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } }))]],
    ['flat-notaction-allow', [doc(allow(undefined, '*', undefined, { NotAction: 'iam:*' }))]]
  ]
  for (const [what, scps] of cases) {
    add('scp', what, { identityPolicies: id, ...(scps ? { scps } : {}), request: req() })
    add('scp', `${what}-no-identity`, { ...(scps ? { scps } : {}), request: req() })
  }
  add('scp', 'glue-passrole-with-full', { identityPolicies: [{ managed: 'AWSGlueConsoleFullAccess' }], scps: [['FullAWSAccess'], ['FullAWSAccess']], request: rq(USER, 'iam:PassRole', `arn:aws:iam::${A}:role/AWSGlueServiceRole-etl`, { 'iam:PassedToService': GLUE_SP }) })
  add('scp', 'glue-passrole-deny-iam', { identityPolicies: [{ managed: 'AWSGlueConsoleFullAccess' }], scps: [['FullAWSAccess'], ['FullAWSAccess', doc(deny('iam:PassRole', '*'))]], request: rq(USER, 'iam:PassRole', `arn:aws:iam::${A}:role/AWSGlueServiceRole-etl`, { 'iam:PassedToService': GLUE_SP }) })
  add('scp', 'cross-account-resource-policy-only', {
    scps: [glueOnly],
    resourcePolicy: doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: USER } })),
    request: req()
  })
}

// ---- RCPs
{
  const bucketFromB = doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: USER_B } }))
  const rcpDenyExternal = doc(deny('s3:*', '*', { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } }, { Principal: '*' }))
  const rcpDenyNoTls = doc(deny('s3:*', '*', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, { Principal: '*' }))
  add('rcp', 'none-same-account', { identityPolicies: [allowAll], request: getObj() })
  add('rcp', 'full-same-account', { identityPolicies: [allowAll], rcps: [], request: getObj() })
  add('rcp', 'deny-external-same-account', { identityPolicies: [allowAll], rcps: [rcpDenyExternal], request: getObj({ 'aws:PrincipalAccount': A }) })
  add('rcp', 'deny-external-cross-account', { identityPolicies: [allowAll], rcps: [rcpDenyExternal], resourcePolicy: bucketFromB, request: rq(USER_B, 's3:GetObject', OBJ('k'), { 'aws:PrincipalAccount': B }) })
  add('rcp', 'deny-external-cross-account-no-key', { identityPolicies: [allowAll], rcps: [rcpDenyExternal], resourcePolicy: bucketFromB, request: rq(USER_B, 's3:GetObject', OBJ('k')) })
  add('rcp', 'no-rcp-cross-account', { identityPolicies: [allowAll], resourcePolicy: bucketFromB, request: rq(USER_B, 's3:GetObject', OBJ('k'), { 'aws:PrincipalAccount': B }) })
  add('rcp', 'deny-no-tls-false', { identityPolicies: [allowAll], rcps: [rcpDenyNoTls], request: getObj({ 'aws:SecureTransport': false }) })
  add('rcp', 'deny-no-tls-true', { identityPolicies: [allowAll], rcps: [rcpDenyNoTls], request: getObj({ 'aws:SecureTransport': true }) })
  add('rcp', 'deny-no-tls-missing', { identityPolicies: [allowAll], rcps: [rcpDenyNoTls], request: getObj() })
  add('rcp', 'levels-deny-lower', { identityPolicies: [allowAll], rcps: [[doc(deny('s3:PutObject', '*', undefined, { Principal: '*' }))], [doc(deny('s3:GetObject', '*', undefined, { Principal: '*' }))]], request: getObj() })
  add('rcp', 'kms-deny-external', { identityPolicies: [allowAll], rcps: [doc(deny('kms:*', '*', { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } }, { Principal: '*' }))], resourcePolicy: doc(allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } })), request: rq(USER, 'kms:Decrypt', KEY, { 'aws:PrincipalAccount': A }) })
  add('rcp', 'sts-deny', { rcps: [doc(deny('sts:AssumeRole', '*', undefined, { Principal: '*' }))], resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('rcp', 'rcp-not-applied-to-unsupported-service', { identityPolicies: [allowAll], rcps: [doc(deny('glue:GetJob', '*', undefined, { Principal: '*' }))], request: rq(USER, 'glue:GetJob', JOB('x')) })
}

// ---- session policies
{
  const roleAllows = doc(allow('s3:*', '*'))
  const r = (extra) => rq(SESSION, 's3:GetObject', OBJ('k'), extra)
  add('session', 'no-session-policy', { identityPolicies: [roleAllows], request: r() })
  add('session', 'allows', { identityPolicies: [roleAllows], sessionPolicy: doc(allow('s3:GetObject', '*')), request: r() })
  add('session', 'does-not-allow', { identityPolicies: [roleAllows], sessionPolicy: doc(allow('s3:PutObject', '*')), request: r() })
  add('session', 'allows-no-identity', { sessionPolicy: doc(allow('s3:GetObject', '*')), request: r() })
  add('session', 'empty', { identityPolicies: [roleAllows], sessionPolicy: doc(), request: r() })
  add('session', 'managed-as-session-policy', { identityPolicies: [roleAllows], sessionPolicy: { managed: 'AmazonS3ReadOnlyAccess' }, request: r() })
  add('session', 'managed-as-session-policy-put', { identityPolicies: [roleAllows], sessionPolicy: { managed: 'AmazonS3ReadOnlyAccess' }, request: rq(SESSION, 's3:PutObject', OBJ('k')) })
  add('session', 'resource-policy-names-session', { sessionPolicy: doc(allow('s3:PutObject', '*')), resourcePolicy: doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: SESSION } })), request: r() })
  add('session', 'resource-policy-names-role', { sessionPolicy: doc(allow('s3:PutObject', '*')), resourcePolicy: doc(allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`, undefined, { Principal: { AWS: ROLE } })), request: r() })
  add('session', 'with-boundary', { identityPolicies: [roleAllows], permissionBoundaries: [doc(allow('s3:GetObject', '*'))], sessionPolicy: doc(allow('s3:GetObject', '*')), request: r() })
  add('session', 'with-boundary-miss', { identityPolicies: [roleAllows], permissionBoundaries: [doc(allow('s3:PutObject', '*'))], sessionPolicy: doc(allow('s3:GetObject', '*')), request: r() })
  add('session', 'conditional', { identityPolicies: [roleAllows], sessionPolicy: doc(allow('s3:GetObject', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })), request: r({ 'aws:SourceIp': '10.1.2.3' }) })
  add('session', 'conditional-miss', { identityPolicies: [roleAllows], sessionPolicy: doc(allow('s3:GetObject', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })), request: r({ 'aws:SourceIp': '192.0.2.3' }) })
  add('session', 'role-principal', { identityPolicies: [roleAllows], sessionPolicy: doc(allow('s3:PutObject', '*')), request: rq(ROLE, 's3:GetObject', OBJ('k')) })
}

// ---- resource policies: same and cross account, principal forms
{
  const act = 'sqs:SendMessage'
  const Q = `arn:aws:sqs:us-east-1:${A}:glue-events`
  const principals = [
    ['user-arn', { AWS: USER }],
    ['user-arn-list', { AWS: [`arn:aws:iam::${A}:user/other`, USER] }],
    ['account-id', { AWS: A }],
    ['root-arn', { AWS: `arn:aws:iam::${A}:root` }],
    ['star', '*'],
    ['aws-star', { AWS: '*' }],
    ['other-user', { AWS: `arn:aws:iam::${A}:user/other` }],
    ['b-user', { AWS: USER_B }],
    ['b-account', { AWS: B }],
    ['b-root', { AWS: `arn:aws:iam::${B}:root` }],
    ['service', { Service: GLUE_SP }],
    ['role-arn', { AWS: ROLE_B }]
  ]
  const callers = [
    ['same-user', USER],
    ['cross-user', USER_B],
    ['cross-role', ROLE_B]
  ]
  for (const [pw, principal] of principals) {
    for (const [cw, caller] of callers) {
      const rp = doc(allow(act, Q, undefined, { Principal: principal }))
      add('resource-policy', `${pw}-${cw}-no-identity`, { resourcePolicy: rp, request: rq(caller, act, Q) })
      add('resource-policy', `${pw}-${cw}-identity`, { identityPolicies: [doc(allow(act, '*'))], resourcePolicy: rp, request: rq(caller, act, Q) })
    }
  }
  add('resource-policy', 'none-cross-identity', { identityPolicies: [doc(allow(act, '*'))], request: rq(USER_B, act, Q) })
  add('resource-policy', 'none-same-identity', { identityPolicies: [doc(allow(act, '*'))], request: rq(USER, act, Q) })
  add('resource-policy', 'notprincipal-deny-others', {
    identityPolicies: [doc(allow(act, '*'))],
    resourcePolicy: doc(deny(act, Q, undefined, { NotPrincipal: { AWS: USER } })),
    request: rq(USER, act, Q)
  })
  add('resource-policy', 'notprincipal-deny-others-hit', {
    identityPolicies: [doc(allow(act, '*'))],
    resourcePolicy: doc(deny(act, Q, undefined, { NotPrincipal: { AWS: `arn:aws:iam::${A}:user/other` } })),
    request: rq(USER, act, Q)
  })
  add('resource-policy', 'principal-condition-orgid', {
    resourcePolicy: doc(allow(act, Q, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }, { Principal: '*' })),
    identityPolicies: [doc(allow(act, '*'))],
    request: rq(USER_B, act, Q, { 'aws:PrincipalOrgID': 'o-abc123' })
  })
  add('resource-policy', 'principal-condition-orgid-miss', {
    resourcePolicy: doc(allow(act, Q, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }, { Principal: '*' })),
    identityPolicies: [doc(allow(act, '*'))],
    request: rq(USER_B, act, Q, { 'aws:PrincipalOrgID': 'o-zzz999' })
  })
  add('resource-policy', 'anonymous-star', { resourcePolicy: doc(allow(act, Q, undefined, { Principal: '*' })), request: rq('anonymous', act, Q) })
  add('resource-policy', 'anonymous-aws-account', { resourcePolicy: doc(allow(act, Q, undefined, { Principal: { AWS: A } })), request: rq('anonymous', act, Q) })
  add('resource-policy', 'session-caller-role-principal', { resourcePolicy: doc(allow(act, Q, undefined, { Principal: { AWS: ROLE } })), request: rq(SESSION, act, Q) })
}

// ---- S3 bucket policies and Glue's S3 access
{
  const bp = (...s) => doc(...s.map((x) => ({ ...x, Principal: x.Principal ?? { AWS: ROLE } })))
  const list = (prefix, extra = {}) => rq(ROLE, 's3:ListBucket', BUCKET_ARN, { ...(prefix === undefined ? {} : { 's3:prefix': prefix }), ...extra })
  const prefixAllow = allow('s3:ListBucket', BUCKET_ARN, { StringLike: { 's3:prefix': ['raw/*', 'curated/'] } })
  for (const [what, p] of [['match', 'raw/2026/'], ['exact', 'curated/'], ['miss', 'secret/'], ['empty', ''], ['missing', undefined]]) {
    add('s3', `listbucket-prefix-${what}`, { identityPolicies: [doc(prefixAllow)], request: list(p) })
  }
  add('s3', 'listbucket-object-arn-does-not-cover', { identityPolicies: [doc(allow('s3:ListBucket', `${BUCKET_ARN}/*`))], request: list('raw/') })
  add('s3', 'getobject-bucket-arn-does-not-cover', { identityPolicies: [doc(allow('s3:GetObject', BUCKET_ARN))], request: getObj() })
  add('s3', 'bucket-policy-only-same-account', { resourcePolicy: bp(allow('s3:GetObject', `${BUCKET_ARN}/*`)), request: rq(ROLE, 's3:GetObject', OBJ('raw/a')) })
  add('s3', 'bucket-policy-only-cross-account', { resourcePolicy: bp(allow('s3:GetObject', `${BUCKET_ARN}/*`, undefined, { Principal: { AWS: ROLE_B } })), request: rq(ROLE_B, 's3:GetObject', OBJ('raw/a')) })
  add('s3', 'both-cross-account', { identityPolicies: [doc(allow('s3:GetObject', '*'))], resourcePolicy: bp(allow('s3:GetObject', `${BUCKET_ARN}/*`, undefined, { Principal: { AWS: ROLE_B } })), request: rq(ROLE_B, 's3:GetObject', OBJ('raw/a')) })
  add('s3', 'identity-only-cross-account', { identityPolicies: [doc(allow('s3:GetObject', '*'))], request: rq(ROLE_B, 's3:GetObject', OBJ('raw/a')) })
  add('s3', 'deny-insecure-transport-false', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:*', [BUCKET_ARN, `${BUCKET_ARN}/*`], { Bool: { 'aws:SecureTransport': 'false' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x'), { 'aws:SecureTransport': false }) })
  add('s3', 'deny-insecure-transport-true', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:*', [BUCKET_ARN, `${BUCKET_ARN}/*`], { Bool: { 'aws:SecureTransport': 'false' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x'), { 'aws:SecureTransport': true }) })
  add('s3', 'deny-insecure-transport-missing', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:*', [BUCKET_ARN, `${BUCKET_ARN}/*`], { Bool: { 'aws:SecureTransport': 'false' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x')) })
  add('s3', 'deny-unencrypted-put', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:PutObject', `${BUCKET_ARN}/*`, { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x'), { 's3:x-amz-server-side-encryption': 'AES256' }) })
  add('s3', 'deny-unencrypted-put-kms', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:PutObject', `${BUCKET_ARN}/*`, { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x'), { 's3:x-amz-server-side-encryption': 'aws:kms' }) })
  add('s3', 'deny-unencrypted-put-header-missing', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:PutObject', `${BUCKET_ARN}/*`, { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }, { Principal: '*' })), request: rq(ROLE, 's3:PutObject', OBJ('out/x')) })
  add('s3', 'public-read-bpa-off', { resourcePolicy: doc(allow('s3:GetObject', `${BUCKET_ARN}/*`, undefined, { Principal: '*' })), request: rq('anonymous', 's3:GetObject', OBJ('pub/x')) })
  add('s3', 'vpce-condition', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:*', `${BUCKET_ARN}/*`, { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, { Principal: '*' })), request: rq(ROLE, 's3:GetObject', OBJ('x'), { 'aws:SourceVpce': 'vpce-1a2b3c4d' }) })
  add('s3', 'vpce-condition-miss', { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:*', `${BUCKET_ARN}/*`, { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, { Principal: '*' })), request: rq(ROLE, 's3:GetObject', OBJ('x')) })
  // AWSGlueServiceRole's S3 statements
  for (const [what, key, action] of [
    ['glue-temp-get', 'aws-glue-temp/x', 's3:GetObject'],
    ['glue-nested-put', 'scripts/aws-glue-scripts/job.py', 's3:PutObject'],
    ['custom-put', 'output/part-0.parquet', 's3:PutObject']
  ]) {
    add('s3', `managed-glue-service-role-${what}`, { identityPolicies: [GLUE_SERVICE_ROLE_ARN], request: rq(ROLE, action, OBJ(key)) })
  }
  add('s3', 'managed-glue-service-role-aws-glue-bucket', { identityPolicies: [GLUE_SERVICE_ROLE_ARN], request: rq(ROLE, 's3:GetObject', 'arn:aws:s3:::aws-glue-assets-111122223333-us-east-1/scripts/job.py') })
  add('s3', 'managed-s3-readonly-get', { identityPolicies: [{ managed: 'AmazonS3ReadOnlyAccess' }], request: rq(ROLE, 's3:GetObject', OBJ('x')) })
  add('s3', 'managed-s3-readonly-put', { identityPolicies: [{ managed: 'AmazonS3ReadOnlyAccess' }], request: rq(ROLE, 's3:PutObject', OBJ('x')) })
}

// ---- KMS key policies (with and without root delegation)
{
  const rootDelegation = allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } })
  const idKms = doc(allow(['kms:Decrypt', 'kms:GenerateDataKey'], KEY))
  for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
    const a = action.split(':')[1]
    const r = (p = ROLE, ctx) => rq(p, action, KEY, ctx)
    add('kms', `${a}-root-delegation-identity`, { identityPolicies: [idKms], resourcePolicy: doc(rootDelegation), request: r() })
    add('kms', `${a}-root-delegation-no-identity`, { resourcePolicy: doc(rootDelegation), request: r() })
    add('kms', `${a}-no-delegation-identity`, { identityPolicies: [idKms], resourcePolicy: doc(allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${A}:user/key-admin` } })), request: r() })
    add('kms', `${a}-key-policy-names-role`, { resourcePolicy: doc(allow(action, '*', undefined, { Principal: { AWS: ROLE } })), request: r() })
    add('kms', `${a}-key-policy-names-role-and-identity`, { identityPolicies: [idKms], resourcePolicy: doc(allow(action, '*', undefined, { Principal: { AWS: ROLE } })), request: r() })
    add('kms', `${a}-no-key-policy`, { identityPolicies: [idKms], request: r() })
    add('kms', `${a}-account-id-principal`, { identityPolicies: [idKms], resourcePolicy: doc(allow('kms:*', '*', undefined, { Principal: { AWS: A } })), request: r() })
    add('kms', `${a}-via-service`, { identityPolicies: [doc(allow(action, KEY, { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }))], resourcePolicy: doc(rootDelegation), request: r(ROLE, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }) })
    add('kms', `${a}-via-service-miss`, { identityPolicies: [doc(allow(action, KEY, { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } }))], resourcePolicy: doc(rootDelegation), request: r(ROLE, { 'kms:ViaService': 'glue.us-east-1.amazonaws.com' }) })
    add('kms', `${a}-caller-account`, { resourcePolicy: doc(allow(action, '*', { StringEquals: { 'kms:CallerAccount': A } }, { Principal: { AWS: '*' } })), identityPolicies: [idKms], request: r(ROLE, { 'kms:CallerAccount': A }) })
    add('kms', `${a}-cross-account-both`, { identityPolicies: [doc(allow(action, KEY))], resourcePolicy: doc(rootDelegation, allow(action, '*', undefined, { Principal: { AWS: `arn:aws:iam::${B}:root` } })), request: r(ROLE_B) })
    add('kms', `${a}-cross-account-key-only`, { resourcePolicy: doc(rootDelegation, allow(action, '*', undefined, { Principal: { AWS: `arn:aws:iam::${B}:root` } })), request: r(ROLE_B) })
    add('kms', `${a}-cross-account-identity-only`, { identityPolicies: [doc(allow(action, '*'))], resourcePolicy: doc(rootDelegation), request: r(ROLE_B) })
    add('kms', `${a}-key-policy-deny`, { identityPolicies: [idKms], resourcePolicy: doc(rootDelegation, deny(action, '*', undefined, { Principal: { AWS: ROLE } })), request: r() })
  }
  add('kms', 'other-account-key-arn', { identityPolicies: [doc(allow('kms:Decrypt', '*'))], resourcePolicy: doc(allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${B}:root` } })), request: rq(ROLE, 'kms:Decrypt', KEY_B) })
  add('kms', 'encryption-context-keys-set', { identityPolicies: [doc(allow('kms:Decrypt', KEY, { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['job'] } }))], resourcePolicy: doc(rootDelegation), request: rq(ROLE, 'kms:Decrypt', KEY, { 'kms:EncryptionContextKeys': ['job'] }) })
}

// ---- role trust policies (sts:AssumeRole)
{
  const glueTrust = doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: GLUE_SP } }))
  add('trust', 'glue-service-allowed', { resourcePolicy: glueTrust, request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('trust', 'glue-service-list', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: ['ec2.amazonaws.com', GLUE_SP] } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('trust', 'ec2-only-glue-denied', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: 'ec2.amazonaws.com' } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('trust', 'glue-no-trust-policy', { request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('trust', 'glue-wrong-action', { resourcePolicy: doc(allow('sts:AssumeRoleWithWebIdentity', undefined, undefined, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  add('trust', 'glue-source-account', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, { StringEquals: { 'aws:SourceAccount': A } }, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE, { 'aws:SourceAccount': A }) })
  add('trust', 'glue-source-account-miss', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, { StringEquals: { 'aws:SourceAccount': A } }, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE, { 'aws:SourceAccount': B }) })
  add('trust', 'glue-source-arn-like', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, { ArnLike: { 'aws:SourceArn': `arn:aws:glue:*:${A}:job/*` } }, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE, { 'aws:SourceArn': JOB('nightly') }) })
  add('trust', 'deny-glue', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: '*' }), deny('sts:AssumeRole', undefined, undefined, { Principal: { Service: GLUE_SP } })), request: rq(GLUE_SP, 'sts:AssumeRole', ROLE) })
  const userTrust = doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: USER } }))
  const rootTrust = doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } }))
  const idAssume = doc(allow('sts:AssumeRole', ROLE))
  add('trust', 'user-named-no-identity', { resourcePolicy: userTrust, request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'user-named-identity', { resourcePolicy: userTrust, identityPolicies: [idAssume], request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'root-no-identity', { resourcePolicy: rootTrust, request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'root-identity', { resourcePolicy: rootTrust, identityPolicies: [idAssume], request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'identity-only-same-account', { identityPolicies: [idAssume], request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'identity-trust-names-other', { identityPolicies: [idAssume], resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: `arn:aws:iam::${A}:user/other` } })), request: rq(USER, 'sts:AssumeRole', ROLE) })
  add('trust', 'cross-account-role-named', { identityPolicies: [doc(allow('sts:AssumeRole', '*'))], resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: ROLE_B } })), request: rq(ROLE_B, 'sts:AssumeRole', ROLE) })
  add('trust', 'cross-account-root-no-identity', { resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: B } })), request: rq(ROLE_B, 'sts:AssumeRole', ROLE) })
  add('trust', 'cross-account-root-identity', { identityPolicies: [doc(allow('sts:AssumeRole', ROLE))], resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { AWS: B } })), request: rq(ROLE_B, 'sts:AssumeRole', ROLE) })
  add('trust', 'external-id', { identityPolicies: [doc(allow('sts:AssumeRole', ROLE))], resourcePolicy: doc(allow('sts:AssumeRole', undefined, { StringEquals: { 'sts:ExternalId': 'xyz' } }, { Principal: { AWS: B } })), request: rq(ROLE_B, 'sts:AssumeRole', ROLE, { 'sts:ExternalId': 'xyz' }) })
  add('trust', 'external-id-missing', { identityPolicies: [doc(allow('sts:AssumeRole', ROLE))], resourcePolicy: doc(allow('sts:AssumeRole', undefined, { StringEquals: { 'sts:ExternalId': 'xyz' } }, { Principal: { AWS: B } })), request: rq(ROLE_B, 'sts:AssumeRole', ROLE) })
}

// ---- the seed PassRole scenario and its variations
{
  const passReq = (role, ctx = { 'iam:PassedToService': GLUE_SP }, principal = USER) => rq(principal, 'iam:PassRole', `arn:aws:iam::${A}:role/${role}`, ctx)
  const gcfa = { managed: 'AWSGlueConsoleFullAccess' }
  const roles = [
    'etl-runtime-role',
    'AWSGlueServiceRole',
    'AWSGlueServiceRole-etl',
    'AWSGlueServiceRoleDefault',
    'service-role/AWSGlueServiceRole-etl',
    'service-role/etl-runtime-role',
    'team/AWSGlueServiceRole-etl',
    'awsglueservicerole-etl',
    'AWSGlueServiceNotebookRole-x',
    'MyAWSGlueServiceRole'
  ]
  for (const role of roles) {
    add('passrole', `console-${role.replace(/\//g, '_')}`, { identityPolicies: [gcfa], request: passReq(role) })
  }
  add('passrole', 'console-notebook-role-ec2', { identityPolicies: [gcfa], request: passReq('AWSGlueServiceNotebookRole-x', { 'iam:PassedToService': 'ec2.amazonaws.com' }) })
  add('passrole', 'console-wrong-service', { identityPolicies: [gcfa], request: passReq('AWSGlueServiceRole-etl', { 'iam:PassedToService': 'ec2.amazonaws.com' }) })
  add('passrole', 'console-no-service-key', { identityPolicies: [gcfa], request: passReq('AWSGlueServiceRole-etl', {}) })
  add('passrole', 'console-action-case', { identityPolicies: [gcfa], request: { ...passReq('AWSGlueServiceRole-etl'), action: 'IAM:passrole' } })
  add('passrole', 'console-by-arn', { identityPolicies: ['arn:aws:iam::aws:policy/AWSGlueConsoleFullAccess'], request: passReq('AWSGlueServiceRole-etl') })
  add('passrole', 'console-cross-account-role', { identityPolicies: [gcfa], request: rq(USER, 'iam:PassRole', `arn:aws:iam::${B}:role/AWSGlueServiceRole-etl`, { 'iam:PassedToService': GLUE_SP }) })
  add('passrole', 'console-plus-inline', {
    identityPolicies: [gcfa, { name: 'pass-etl', policy: doc(allow('iam:PassRole', ROLE, { StringEquals: { 'iam:PassedToService': GLUE_SP } }, { Sid: 'PassEtlRole' })) }],
    request: passReq('etl-runtime-role')
  })
  add('passrole', 'console-plus-inline-json-string', {
    identityPolicies: [gcfa, JSON.stringify(doc(allow('iam:PassRole', ROLE)))],
    request: passReq('etl-runtime-role')
  })
  add('passrole', 'console-plus-mfa-deny-missing', {
    identityPolicies: [gcfa, doc(deny('*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }))],
    request: passReq('AWSGlueServiceRole-etl')
  })
  add('passrole', 'console-plus-mfa-deny-true', {
    identityPolicies: [gcfa, doc(deny('*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }))],
    request: passReq('AWSGlueServiceRole-etl', { 'iam:PassedToService': GLUE_SP, 'aws:MultiFactorAuthPresent': true })
  })
  add('passrole', 'service-role-policy-cannot-pass', { identityPolicies: [GLUE_SERVICE_ROLE_ARN], request: passReq('AWSGlueServiceRole-etl') })
  add('passrole', 'wrong-path-arn-rejected', { identityPolicies: ['arn:aws:iam::aws:policy/AWSGlueServiceRole'], request: passReq('AWSGlueServiceRole-etl') })
  add('passrole', 'inline-stringlike-service', { identityPolicies: [doc(allow('iam:PassRole', `arn:aws:iam::${A}:role/etl-*`, { StringLike: { 'iam:PassedToService': 'glue.*' } }))], request: passReq('etl-runtime-role') })
  add('passrole', 'inline-associated-resource', { identityPolicies: [doc(allow('iam:PassRole', ROLE, { ArnLike: { 'iam:AssociatedResourceArn': `arn:aws:glue:us-east-1:${A}:job/*` } }))], request: passReq('etl-runtime-role', { 'iam:PassedToService': GLUE_SP, 'iam:AssociatedResourceArn': JOB('nightly') }) })
  add('passrole', 'aws-reserved-role', { identityPolicies: [allowAll], request: passReq('aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123') })
  add('passrole', 'power-user-cannot-pass', { identityPolicies: [{ managed: 'PowerUserAccess' }], request: passReq('etl-runtime-role') })
  add('passrole', 'admin-can-pass', { identityPolicies: [{ managed: 'AdministratorAccess' }], request: passReq('etl-runtime-role') })
}

// ---- Glue actions, logs, AWSGlueServiceRole
{
  const svcRole = [GLUE_SERVICE_ROLE_ARN]
  for (const [what, action, res] of [
    ['create-log-group', 'logs:CreateLogGroup', LOG_GROUP],
    ['create-log-stream', 'logs:CreateLogStream', LOG_STREAM],
    ['put-log-events', 'logs:PutLogEvents', LOG_STREAM],
    ['put-log-events-other-group', 'logs:PutLogEvents', `arn:aws:logs:us-east-1:${A}:log-group:/custom/app:log-stream:s`],
    ['create-log-group-error-group', 'logs:CreateLogGroup', `arn:aws:logs:eu-west-1:${A}:log-group:/aws-glue/jobs/error`]
  ]) {
    const covered = !what.includes('other-group')
    add('glue', `service-role-${what}`, { identityPolicies: svcRole, request: rq(ROLE, action, res) }, covered ? {
      decision: 'allowed',
      why: "AWS globs the whole resource field, so AWSGlueServiceRole's arn:aws:logs:*:*:*:/aws-glue/* matches Glue's log groups and streams (IAM JSON policy elements: Resource)"
    } : undefined)
  }
  add('glue', 'inline-log-group-star', { identityPolicies: [doc(allow('logs:CreateLogStream', `arn:aws:logs:*:*:log-group:/aws-glue/*`))], request: rq(ROLE, 'logs:CreateLogStream', LOG_STREAM) })
  add('glue', 'inline-log-group-exact-misses-stream', { identityPolicies: [doc(allow('logs:PutLogEvents', LOG_GROUP))], request: rq(ROLE, 'logs:PutLogEvents', LOG_STREAM) })
  add('glue', 'inline-log-group-colon-star', { identityPolicies: [doc(allow('logs:PutLogEvents', `${LOG_GROUP}:*`))], request: rq(ROLE, 'logs:PutLogEvents', LOG_STREAM) })
  add('glue', 'inline-wildcard-type-logs', { identityPolicies: [doc(allow('logs:PutLogEvents', `arn:aws:logs:us-east-1:${A}:*:/aws-glue/*`))], request: rq(ROLE, 'logs:PutLogEvents', LOG_STREAM) }, {
    decision: 'allowed',
    why: 'AWS globs the whole resource field; * before the first : of the resource part matches "log-group" (IAM JSON policy elements: Resource)'
  })
  add('glue', 'inline-wildcard-type-role', { identityPolicies: [doc(allow('iam:GetRole', `arn:aws:iam::${A}:*/etl-runtime-role`))], request: rq(USER, 'iam:GetRole', ROLE) }, {
    decision: 'allowed',
    why: 'AWS globs the whole resource field; * before the first / of the resource part matches "role" (IAM JSON policy elements: Resource)'
  })
  add('glue', 'inline-wildcard-type-qmark', { identityPolicies: [doc(allow('iam:GetRole', `arn:aws:iam::${A}:rol?/etl-runtime-role`))], request: rq(USER, 'iam:GetRole', ROLE) }, {
    decision: 'allowed',
    why: 'AWS globs the whole resource field; ? in "rol?" matches one character (IAM JSON policy elements: Resource)'
  })
  const jobActions = ['glue:GetJob', 'glue:CreateJob', 'glue:UpdateJob', 'glue:StartJobRun']
  for (const action of jobActions) {
    const a = action.split(':')[1]
    add('glue', `console-${a}`, { identityPolicies: [{ managed: 'AWSGlueConsoleFullAccess' }], request: rq(USER, action, JOB('nightly-etl')) })
    add('glue', `service-role-${a}`, { identityPolicies: svcRole, request: rq(ROLE, action, JOB('nightly-etl')) })
    add('glue', `inline-job-prefix-${a}`, { identityPolicies: [doc(allow(['glue:GetJob', 'glue:UpdateJob'], `arn:aws:glue:*:${A}:job/nightly-*`))], request: rq(USER, action, JOB('nightly-etl')) })
    add('glue', `inline-job-prefix-miss-${a}`, { identityPolicies: [doc(allow('glue:*', `arn:aws:glue:*:${A}:job/nightly-*`))], request: rq(USER, action, JOB('adhoc')) })
  }
  add('glue', 'getjobs-wildcard-only', { identityPolicies: [doc(allow('glue:GetJob*', '*'))], request: rq(USER, 'glue:GetJobs', '*') })
  add('glue', 'create-job-request-tag', { identityPolicies: [doc(allow('glue:CreateJob', '*', { StringEquals: { 'aws:RequestTag/team': 'data' } }))], request: rq(USER, 'glue:CreateJob', JOB('j'), { 'aws:RequestTag/team': 'data', 'aws:TagKeys': ['team'] }) })
  add('glue', 'create-job-request-tag-miss', { identityPolicies: [doc(allow('glue:CreateJob', '*', { StringEquals: { 'aws:RequestTag/team': 'data' } }))], request: rq(USER, 'glue:CreateJob', JOB('j'), { 'aws:TagKeys': [] }) })
  add('glue', 'job-in-other-account', { identityPolicies: [doc(allow('glue:*', `arn:aws:glue:*:${A}:job/*`))], request: rq(USER, 'glue:GetJob', `arn:aws:glue:us-east-1:${B}:job/x`) })
  add('glue', 'secrets-connection', { identityPolicies: [doc(allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${A}:secret:glue/*`))], request: rq(ROLE, 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${A}:secret:glue/jdbc-AbCdEf`) })
}

// ---- known deviations of the oracle (one or more deliberate vectors each)
{
  add('deviation', 'ipv4-slash-zero-ipaddress', { identityPolicies: [doc(allow('s3:GetObject', '*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }))], request: getObj({ 'aws:SourceIp': '203.0.113.5' }) }, {
    decision: 'allowed', why: '0.0.0.0/0 contains every IPv4 address (IAM JSON policy elements: Condition operators, IP address condition operators)'
  })
  add('deviation', 'ipv4-slash-zero-notipaddress', { identityPolicies: [allowAll, doc(deny('s3:GetObject', '*', { NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }))], request: getObj({ 'aws:SourceIp': '203.0.113.5' }) }, {
    decision: 'allowed', why: '0.0.0.0/0 contains every IPv4 address so NotIpAddress is false (IAM JSON policy elements: Condition operators)'
  })
  add('deviation', 'ipv4-slash-zero-zero-address', { identityPolicies: [doc(allow('s3:GetObject', '*', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }))], request: getObj({ 'aws:SourceIp': '0.0.0.0' }) }, {
    decision: 'allowed', why: '0.0.0.0/0 contains 0.0.0.0 (IAM JSON policy elements: Condition operators, IP address condition operators)'
  })
  add('deviation', 'date-epoch-policy-iso-request', { identityPolicies: [doc(allow('s3:GetObject', '*', { DateLessThan: { 'aws:CurrentTime': '1780272000' } }))], request: getObj({ 'aws:CurrentTime': '2026-05-01T00:00:00Z' }) }, {
    decision: 'allowed', why: 'Date operators accept ISO 8601 or epoch seconds on either side; 2026-05-01 is before epoch 1780272000 = 2026-06-01 (IAM JSON policy elements: Condition operators, Date condition operators)'
  })
  add('deviation', 'date-iso-policy-epoch-request', { identityPolicies: [doc(allow('s3:GetObject', '*', { DateGreaterThan: { 'aws:EpochTime': '2026-01-01T00:00:00Z' } }))], request: getObj({ 'aws:EpochTime': '1780272000' }) }, {
    decision: 'allowed', why: 'Date operators accept ISO 8601 or epoch seconds on either side; epoch 1780272000 = 2026-06-01 is after 2026-01-01 (IAM JSON policy elements: Condition operators, Date condition operators)'
  })
  add('deviation', 'date-iso-policy-epoch-request-before', { identityPolicies: [doc(allow('s3:GetObject', '*', { DateGreaterThan: { 'aws:EpochTime': '2027-01-01T00:00:00Z' } }))], request: getObj({ 'aws:EpochTime': '1780272000' }) }, {
    decision: 'implicitDeny', why: 'Date operators accept ISO 8601 or epoch seconds on either side; epoch 1780272000 = 2026-06-01 is before 2027-01-01 (IAM JSON policy elements: Condition operators, Date condition operators)'
  })
  add('deviation', 'scp-on-glue-service-principal', {
    scps: ['FullAWSAccess', doc(deny('sts:AssumeRole', '*'))],
    resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: GLUE_SP } })),
    request: rq(GLUE_SP, 'sts:AssumeRole', ROLE)
  }, { decision: 'allowed', why: 'SCPs do not affect service principals (AWS Organizations: Service control policies, "SCPs do not affect ... service principals")' })
  add('deviation', 'scp-level-without-allow-service-principal', {
    scps: [['FullAWSAccess'], [doc(allow('s3:*', '*'))]],
    resourcePolicy: doc(allow('sts:AssumeRole', undefined, undefined, { Principal: { Service: GLUE_SP } })),
    request: rq(GLUE_SP, 'sts:AssumeRole', ROLE)
  }, { decision: 'allowed', why: 'SCPs do not affect service principals (AWS Organizations: Service control policies)' })
  add('deviation', 'scp-on-service-linked-role', {
    identityPolicies: [doc(allow('ec2:DescribeInstances', '*'))],
    scps: ['FullAWSAccess', doc(deny('ec2:*', '*'))],
    request: rq(`arn:aws:iam::${A}:role/aws-service-role/glue.amazonaws.com/AWSServiceRoleForGlue`, 'ec2:DescribeInstances', '*')
  }, { decision: 'allowed', why: 'SCPs do not affect service-linked roles (AWS Organizations: Service control policies, "SCPs don\'t affect service-linked roles")' })
  const rootDelegation = allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } })
  add('deviation', 'kms-encryption-context-allow', {
    identityPolicies: [doc(allow('kms:Decrypt', KEY, { StringEquals: { 'kms:EncryptionContext:job': 'nightly-etl' } }))],
    resourcePolicy: doc(rootDelegation),
    request: rq(ROLE, 'kms:Decrypt', KEY, { 'kms:EncryptionContext:job': 'nightly-etl' })
  }, { decision: 'allowed', why: 'kms:EncryptionContext:<key> is a valid condition key for kms:Decrypt and AWS evaluates it (AWS KMS: Condition keys for AWS KMS, kms:EncryptionContext:context-key)' })
  add('deviation', 'kms-encryption-context-deny', {
    identityPolicies: [doc(allow('kms:Decrypt', KEY)), doc(deny('kms:Decrypt', KEY, { StringNotEquals: { 'kms:EncryptionContext:job': 'nightly-etl' } }))],
    resourcePolicy: doc(rootDelegation),
    request: rq(ROLE, 'kms:Decrypt', KEY, { 'kms:EncryptionContext:job': 'nightly-etl' })
  }, { decision: 'allowed', why: 'kms:EncryptionContext:<key> is present and equal, so the StringNotEquals deny does not apply (AWS KMS: Condition keys for AWS KMS)' })
  add('deviation', 'kms-encryption-context-deny-other', {
    identityPolicies: [doc(allow('kms:Decrypt', KEY)), doc(deny('kms:Decrypt', KEY, { StringNotEquals: { 'kms:EncryptionContext:job': 'nightly-etl' } }))],
    resourcePolicy: doc(rootDelegation),
    request: rq(ROLE, 'kms:Decrypt', KEY, { 'kms:EncryptionContext:job': 'other' })
  }, { decision: 'explicitDeny', why: 'kms:EncryptionContext:job is "other", so the StringNotEquals deny applies (AWS KMS: Condition keys for AWS KMS)' })
  add('deviation', 's3-resource-tag-without-abac', {
    identityPolicies: [doc(allow('s3:GetObject', '*', { StringEquals: { 'aws:ResourceTag/team': 'data' } }))],
    request: getObj({ 'aws:ResourceTag/team': 'data' })
  }, {
    decision: 'implicitDeny',
    why: 'S3 does not put aws:ResourceTag in the context of object requests (objects use s3:ExistingObjectTag) nor of buckets without ABAC (Amazon S3 User Guide: Using tags for ABAC; medium confidence)'
  })
  add('deviation', 's3-bucket-resource-tag-with-abac', {
    identityPolicies: [doc(allow('s3:ListBucket', '*', { StringEquals: { 'aws:ResourceTag/team': 'data' } }))],
    settings: { s3: { bucketAbacEnabled: true } },
    request: rq(USER, 's3:ListBucket', BUCKET_ARN, { 'aws:ResourceTag/team': 'data' })
  })
  add('deviation', 'root-principal-own-bucket', { request: rq(`arn:aws:iam::${A}:root`, 's3:GetObject', OBJ('k')) }, {
    decision: 'allowed', why: 'the root user has full access to the resources of its account unless an SCP or explicit deny says otherwise (IAM User Guide: AWS account root user)'
  })
  add('deviation', 'root-principal-explicit-deny', { identityPolicies: [], resourcePolicy: doc(deny('s3:GetObject', `${BUCKET_ARN}/*`, undefined, { Principal: '*' })), request: rq(`arn:aws:iam::${A}:root`, 's3:GetObject', OBJ('k')) }, {
    decision: 'explicitDeny', why: 'an explicit Deny in a bucket policy applies to the root user too (IAM User Guide: Policy evaluation logic)'
  })
  add('deviation', 'multivalued-key-single-operator', {
    identityPolicies: [doc(allow('glue:CreateJob', '*', { StringEquals: { 'aws:TagKeys': 'env' } }))],
    request: rq(USER, 'glue:CreateJob', JOB('j'), { 'aws:TagKeys': ['env'] })
  })
  add('deviation', 'multivalued-key-single-negated-operator', {
    identityPolicies: [doc(allow('glue:CreateJob', '*', { StringNotEquals: { 'aws:TagKeys': 'cost' } }))],
    request: rq(USER, 'glue:CreateJob', JOB('j'), { 'aws:TagKeys': ['env', 'team'] })
  })
  add('deviation', 'single-valued-key-given-array', {
    identityPolicies: [doc(allow('s3:GetObject', '*', { StringEquals: { 'aws:PrincipalTag/team': 'web' } }))],
    request: getObj({ 'aws:PrincipalTag/team': ['data', 'web'] })
  })
  add('deviation', 'request-resource-wildcard', {
    identityPolicies: [doc(allow('s3:GetObject', `${BUCKET_ARN}/raw/*`))],
    request: rq(USER, 's3:GetObject', `${BUCKET_ARN}/*`)
  })
  add('deviation', 'logs-wildcard-type-deny', {
    identityPolicies: [allowAll, doc(deny('logs:PutLogEvents', 'arn:aws:logs:*:*:*:/aws-glue/*'))],
    request: rq(ROLE, 'logs:PutLogEvents', LOG_STREAM)
  }, { decision: 'explicitDeny', why: 'AWS globs the whole resource field, so the Deny on arn:aws:logs:*:*:*:/aws-glue/* matches (IAM JSON policy elements: Resource)' })
}

// ---- random mixes: several layers combined (seeded)
{
  const actions = [
    ['s3:GetObject', () => OBJ(pick(['raw/a.csv', 'curated/b.parquet', 'tmp/x']))],
    ['s3:PutObject', () => OBJ(pick(['raw/a.csv', 'curated/b.parquet', 'tmp/x']))],
    ['s3:ListBucket', () => BUCKET_ARN],
    ['glue:GetJob', () => JOB(pick(['nightly-etl', 'adhoc']))],
    ['glue:UpdateJob', () => JOB(pick(['nightly-etl', 'adhoc']))],
    ['iam:PassRole', () => `arn:aws:iam::${A}:role/${pick(['etl-runtime-role', 'AWSGlueServiceRole-etl', 'service-role/AWSGlueServiceRoleX'])}`],
    ['kms:Decrypt', () => KEY],
    ['logs:CreateLogStream', () => `arn:aws:logs:us-east-1:${A}:log-group:/custom/jobs:log-stream:s1`]
  ]
  let cur = 's3:GetObject'
  const stmtPool = () => {
    const a = rnd() < 0.6 ? cur : pick(actions)[0]
    const svc = a.split(':')[0]
    const action = pick([a, `${svc}:*`, '*', `${svc}:${a.split(':')[1].slice(0, 3)}*`, [a, 'sqs:SendMessage']])
    const resource = rnd() < 0.3 ? '*' : pick(['*', `arn:aws:s3:::${BUCKET}/raw/*`, `arn:aws:s3:::${BUCKET}/*`, BUCKET_ARN, `arn:aws:glue:*:${A}:job/nightly-*`, `arn:aws:iam::${A}:role/AWSGlueServiceRole*`, KEY, `arn:aws:logs:*:${A}:log-group:/custom/*`])
    const cond = pick([
      undefined,
      undefined,
      { StringEquals: { 'aws:PrincipalTag/team': pick(['data', 'web']) } },
      { Bool: { 'aws:SecureTransport': pick(['true', 'false']) } },
      { IpAddress: { 'aws:SourceIp': pick(['10.0.0.0/8', '2001:db8::/32']) } },
      { StringEqualsIfExists: { 'iam:PassedToService': GLUE_SP } },
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '600' } }
    ])
    return st(rnd() < 0.8 ? 'Allow' : 'Deny', action, resource, cond)
  }
  const ctxPool = () => {
    const c = {}
    if (rnd() < 0.6) c['aws:PrincipalTag/team'] = pick(['data', 'web'])
    if (rnd() < 0.6) c['aws:SecureTransport'] = pick([true, false])
    if (rnd() < 0.5) c['aws:SourceIp'] = pick(['10.1.2.3', '192.0.2.1', '2001:db8::7'])
    if (rnd() < 0.5) c['aws:MultiFactorAuthAge'] = pick(['60', '3600'])
    return c
  }
  for (let i = 0; i < 90; i++) {
    const [action, resFn] = pick(actions)
    cur = action
    const resource = resFn()
    const principal = pick([USER, ROLE, SESSION])
    const body = { identityPolicies: [doc(stmtPool(), stmtPool()), doc(stmtPool())] }
    if (rnd() < 0.3) body.permissionBoundaries = [doc(stmtPool(), allow(pick(['s3:*', 'glue:*', 'iam:PassRole', '*']), '*'))]
    if (rnd() < 0.3) body.scps = rnd() < 0.5 ? ['FullAWSAccess', doc(stmtPool())] : [['FullAWSAccess'], [doc(allow(pick(['s3:*', 'glue:*', '*']), '*'))]]
    if (principal === SESSION && rnd() < 0.4) body.sessionPolicy = doc(stmtPool(), stmtPool())
    if (action.startsWith('kms:')) body.resourcePolicy = doc(allow('kms:*', '*', undefined, { Principal: { AWS: `arn:aws:iam::${A}:root` } }))
    // a bucket policy only without boundary/session policy: how those cap a Principal "*"
    // or account grant is not documented precisely
    else if (action.startsWith('s3:') && rnd() < 0.4 && !body.permissionBoundaries && !body.sessionPolicy) body.resourcePolicy = doc({ ...stmtPool(), Principal: pick(['*', { AWS: ROLE }, { AWS: A }]) })
    const ctx = ctxPool()
    if (action === 'iam:PassRole') ctx['iam:PassedToService'] = pick([GLUE_SP, 'ec2.amazonaws.com'])
    body.request = rq(principal, action, resource, ctx)
    add('mix', `${i}`, body)
  }
}

// ---- annotations on vectors built above: AWS's decision where it differs from the
// oracle (awsExpected + why), or a note where AWS's behaviour is not documented.
function annotate(re, aws) {
  const hits = vectors.filter((v) => re.test(v.id))
  if (hits.length === 0) throw new Error(`annotate: no vector matches ${re}`)
  for (const v of hits) v.aws = aws
}
annotate(/^session-\d+-resource-policy-names-session$/, {
  decision: 'allowed',
  why: 'a resource-based policy naming the session ARN adds its permissions after the session is created, so the session policy does not limit them (IAM User Guide: Policies and permissions, Session policies)'
})
annotate(/^trust-\d+-identity-only-same-account$/, {
  decision: 'implicitDeny',
  why: "a role can only be assumed when its trust policy allows the caller, also within the account; here no trust statement allows it (IAM User Guide: Policy evaluation logic; Roles terms and concepts, trust policy)"
})
annotate(/^rcp-\d+-rcp-not-applied-to-unsupported-service$/, {
  decision: 'allowed',
  why: 'RCPs only apply to the services AWS lists as supporting them, and AWS Glue is not one (AWS Organizations User Guide: Resource control policies (RCPs), List of AWS services that support RCPs)'
})
annotate(/^policy-variables-\d+-star-escape$/, {
  decision: 'allowed',
  why: '${*} is a literal * in the Resource, which matches the key "*/x" (IAM JSON policy elements: Variables, special characters); the oracle reaches the same answer through its request-resource-wildcard mode'
})
const UNDOCUMENTED = 'AWS does not document this case; expect is the oracle package\'s choice'
annotate(/^cond-set-\d+-(allow|deny)-ForAnyValue-StringEqualsIfExists-missing$/, { note: `ForAnyValue:...IfExists with the key missing: ${UNDOCUMENTED} (false)` })
annotate(/^cond-null-\d+-(allow|deny)-(true|false)-tagkeys-empty$/, { note: `Null on an empty multi-valued key: ${UNDOCUMENTED} (key present)` })
annotate(/^cond-arn-\d+-(allow|deny)-Arn\w+-not-an-arn$/, { note: `Arn* operator with a policy value that is not an ARN: ${UNDOCUMENTED}` })
annotate(/^resource-\d+-(allow|notresource|deny)-case-service$/, { note: `case of the service field of a Resource ARN: ${UNDOCUMENTED} (matched case-insensitively)` })
annotate(/^policy-variables-\d+-var-value-with-star$/, { note: `a * inside a substituted variable value: ${UNDOCUMENTED}` })
annotate(/^deviation-\d+-multivalued-key-single(-negated)?-operator$/, { note: `multivalued-key-without-set-operator: ${UNDOCUMENTED} (false)` })
annotate(/^deviation-\d+-single-valued-key-given-array$/, { note: `single-valued-key-given-array: not a valid AWS request; the oracle keeps the first element` })
annotate(/^deviation-\d+-request-resource-wildcard$/, { note: `request-resource-wildcard: not a real AWS request; the oracle aggregates over the patterns in the policies` })
annotate(/^cond-string-\d+-(allow|deny)-operator-case$/, { note: `a condition operator name in lower case: ${UNDOCUMENTED} (accepted case-insensitively)` })
annotate(/^cond-numeric-\d+-(allow|deny)-equals-float$/, { note: `decimal values in Numeric operators: ${UNDOCUMENTED} (compared as numbers)` })
annotate(/^cond-ip-\d+-(allow|deny)-(Not)?IpAddress-v4-no-prefix$/, { note: `an IP address without /prefix in the policy: ${UNDOCUMENTED} (treated as /32)` })
annotate(/^cond-bool-\d+-(allow|deny)-\w+-(true|false)-given-TRUE$/, { note: `upper-case TRUE in the request: ${UNDOCUMENTED} (compared case-insensitively)` })
annotate(/^passrole-\d+-aws-reserved-role$/, { note: 'the oracle hard-codes an implicit deny for roles under aws-reserved/; AWS manages these roles (IAM Identity Center)' })

// ================================================================== run the oracle
const simulate = join(ORACLE, 'simulate.mjs')
if (!existsSync(simulate)) {
  console.error(`no oracle at ${simulate}; copy shared/oracle there and run npm ci (see README)`)
  process.exit(2)
}
const input = vectors.map((v) => JSON.stringify({ id: v.id, ...v.body })).join('\n') + '\n'
const run = spawnSync(process.execPath, [simulate, '--batch', '-'], { input, encoding: 'utf8', maxBuffer: 1 << 30 })
if (run.status !== 0) {
  process.stderr.write(run.stderr)
  process.exit(2)
}
const outs = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
if (outs.length !== vectors.length) {
  console.error(`oracle returned ${outs.length} lines for ${vectors.length} requests`)
  process.exit(2)
}

const DEVIATION_CODES = new Set([
  'wildcard-in-resource-type',
  'policy-variable-in-pre-2012-policy',
  'policy-variable-in-arn-prefix',
  'date-epoch-iso-mix',
  'ipv4-slash-zero',
  'scp-on-service-principal',
  'scp-on-service-linked-role',
  'ignored-context-keys',
  'root-principal'
])
const groups = new Map()
const dropped = []
const unreviewed = []
const stats = { total: 0, awsExpected: 0, disagree: 0 }
vectors.forEach((v, i) => {
  const o = outs[i]
  if (o.id !== v.id) throw new Error(`oracle output out of order at ${v.id}`)
  if (o.decision === 'error') {
    dropped.push({ id: v.id, error: o.error })
    return
  }
  const codes = [...new Set((o.caveats ?? []).map((c) => c.code))].sort()
  const line = { id: v.id, ...v.body, expect: o.decision }
  if (v.aws?.note) {
    line.note = v.aws.note
  } else if (v.aws) {
    line.awsExpected = v.aws.decision
    line.why = v.aws.why
    stats.awsExpected++
    if (v.aws.decision !== o.decision) stats.disagree++
  }
  if (!v.aws?.decision && codes.some((c) => DEVIATION_CODES.has(c))) {
    unreviewed.push(`${v.id}: ${o.decision} caveats=${codes.join(',')}`)
  }
  if (codes.length) line.oracleCaveats = codes
  if (!groups.has(v.group)) groups.set(v.group, [])
  groups.get(v.group).push(line)
  stats.total++
})

// ================================================================== write
const files = new Map()
for (const [g, lines] of groups) files.set(`${g}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
if (CHECK) {
  let stale = false
  for (const [f, text] of files) {
    const p = join(OUT, f)
    if (!existsSync(p) || readFileSync(p, 'utf8') !== text) {
      console.error(`STALE ${p}`)
      stale = true
    }
  }
  process.exit(stale ? 1 : 0)
}
mkdirSync(OUT, { recursive: true })
for (const f of readdirSync(OUT)) if (f.endsWith('.jsonl')) rmSync(join(OUT, f))
for (const [f, text] of files) writeFileSync(join(OUT, f), text)

const summary = [...groups].map(([g, l]) => {
  const d = {}
  for (const x of l) d[x.expect] = (d[x.expect] ?? 0) + 1
  return `${g}: ${l.length} (${Object.entries(d).sort().map(([k, n]) => `${k} ${n}`).join(', ')})`
})
console.log(summary.join('\n'))
console.log(`total ${stats.total} vectors in ${groups.size} files; awsExpected on ${stats.awsExpected} (differs from oracle on ${stats.disagree}); dropped ${dropped.length} oracle errors`)
for (const d of dropped) console.error(`dropped ${d.id}: ${JSON.stringify(d.error).slice(0, 300)}`)
for (const u of unreviewed) console.error(`UNREVIEWED deviation caveat ${u}`)
