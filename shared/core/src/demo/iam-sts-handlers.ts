/**
 * STS and IAM over the awsQuery protocol: POST / with a form body (Action=…&Version=…), answered
 * with <XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>.
 * IAM hands policy documents out URL-encoded, as AWS does.
 */
import { http, type HttpHandler } from 'msw';
import type { DemoFixture, DemoRole } from './fixture-model.js';
import { DEMO_READ_ONLY, el, elAttrs, iso, opt, type RequestIds, xmlDocument, xmlResponse, type XmlContent } from './wire.js';

const STS_HOST = /^sts(?:\.[a-z]{2}(?:-[a-z]+)+-\d)?\.amazonaws\.com$/;
const IAM_HOST = /^iam\.amazonaws\.com$/;

interface QueryService {
  host: RegExp;
  namespace: string;
  version: string;
  operations: Record<string, (params: URLSearchParams) => XmlContent | QueryError>;
}

class QueryError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

function queryService(service: QueryService, ids: RequestIds): HttpHandler {
  return http.post(
    ({ request }) => service.host.test(new URL(request.url).hostname),
    async ({ request }) => {
      const requestId = ids.next();
      const params = new URLSearchParams(await request.text());
      const action = params.get('Action') ?? '';
      const headers = { 'x-amzn-requestid': requestId, 'content-type': 'text/xml' };
      const operation = service.operations[action];
      const result = operation
        ? operation(params)
        : new QueryError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? service.version} (${DEMO_READ_ONLY})`);
      if (result instanceof QueryError) {
        const body = elAttrs(
          'ErrorResponse',
          { xmlns: service.namespace },
          el('Error', el('Type', result.status >= 500 ? 'Receiver' : 'Sender'), el('Code', result.code), el('Message', result.message)),
          el('RequestId', requestId),
        );
        return xmlResponse(xmlDocument(body), result.status, headers);
      }
      const body = elAttrs(
        `${action}Response`,
        { xmlns: service.namespace },
        el(`${action}Result`, result),
        el('ResponseMetadata', el('RequestId', requestId)),
      );
      return xmlResponse(xmlDocument(body), 200, headers);
    },
  );
}

const encodePolicy = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const members = (items: XmlContent[]) => items.map((i) => el('member', i));
const tagsXml = (tags: Record<string, string> | undefined) =>
  tags && Object.keys(tags).length ? el('Tags', members(Object.entries(tags).map(([k, v]) => [el('Key', k), el('Value', v)]))) : undefined;

export function iamStsHandlers(fixture: DemoFixture, ids: RequestIds): HttpHandler[] {
  const roleArn = (r: DemoRole) => `arn:${fixture.partition}:iam::${fixture.account}:role${r.path}${r.name}`;
  const noRole = (name: string | null) => new QueryError(404, 'NoSuchEntity', `The role with name ${name ?? ''} cannot be found.`);
  const role = (params: URLSearchParams) => fixture.roles.find((r) => r.name === params.get('RoleName'));
  const policy = (params: URLSearchParams) => fixture.managedPolicies.find((p) => p.arn === params.get('PolicyArn'));
  const noPolicy = (params: URLSearchParams) => new QueryError(404, 'NoSuchEntity', `Policy ${params.get('PolicyArn') ?? ''} does not exist or is not attachable.`);

  const sts = queryService(
    {
      host: STS_HOST,
      namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
      version: '2011-06-15',
      operations: {
        GetCallerIdentity: () => [el('Arn', fixture.caller.arn), el('UserId', fixture.caller.userId), el('Account', fixture.account)],
      },
    },
    ids,
  );

  const iam = queryService(
    {
      host: IAM_HOST,
      namespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      version: '2010-05-08',
      operations: {
        GetRole: (p) => {
          const r = role(p);
          if (!r) return noRole(p.get('RoleName'));
          return el(
            'Role',
            el('Path', r.path),
            el('AssumeRolePolicyDocument', encodePolicy(r.trustPolicy)),
            el('MaxSessionDuration', 3600),
            el('RoleId', r.roleId),
            el('RoleName', r.name),
            el('Arn', roleArn(r)),
            el('CreateDate', iso(r.createDate)),
            opt('Description', r.description),
            tagsXml(r.tags),
            el('RoleLastUsed'),
          );
        },
        // One page: the demo account has a handful of roles. Trust policies come with the listing, as on AWS.
        ListRoles: () => [
          el(
            'Roles',
            members(
              fixture.roles.map((r) => [
                el('Path', r.path),
                el('RoleName', r.name),
                el('RoleId', r.roleId),
                el('Arn', roleArn(r)),
                el('CreateDate', iso(r.createDate)),
                el('AssumeRolePolicyDocument', encodePolicy(r.trustPolicy)),
                el('MaxSessionDuration', 3600),
              ]),
            ),
          ),
          el('IsTruncated', false),
        ],
        ListRolePolicies: (p) => {
          const r = role(p);
          if (!r) return noRole(p.get('RoleName'));
          return [el('PolicyNames', members(Object.keys(r.inlinePolicies))), el('IsTruncated', false)];
        },
        GetRolePolicy: (p) => {
          const r = role(p);
          if (!r) return noRole(p.get('RoleName'));
          const name = p.get('PolicyName') ?? '';
          const doc = r.inlinePolicies[name];
          if (!doc) return new QueryError(404, 'NoSuchEntity', `The role policy with name ${name} cannot be found.`);
          return [el('RoleName', r.name), el('PolicyName', name), el('PolicyDocument', encodePolicy(doc))];
        },
        ListAttachedRolePolicies: (p) => {
          const r = role(p);
          if (!r) return noRole(p.get('RoleName'));
          const attached = r.attachedPolicyArns.map((arn) => [
            el('PolicyName', fixture.managedPolicies.find((m) => m.arn === arn)?.name ?? arn.split('/').pop()!),
            el('PolicyArn', arn),
          ]);
          return [el('AttachedPolicies', members(attached)), el('IsTruncated', false)];
        },
        GetPolicy: (p) => {
          const m = policy(p);
          if (!m) return noPolicy(p);
          const attachments = fixture.roles.filter((r) => r.attachedPolicyArns.includes(m.arn)).length;
          return el(
            'Policy',
            el('PolicyName', m.name),
            el('PolicyId', m.policyId),
            el('Arn', m.arn),
            el('Path', m.path),
            el('DefaultVersionId', m.defaultVersionId),
            el('AttachmentCount', attachments),
            el('PermissionsBoundaryUsageCount', 0),
            el('IsAttachable', true),
            el('CreateDate', iso(m.createDate)),
            el('UpdateDate', iso(m.versions.find((v) => v.versionId === m.defaultVersionId)?.createDate ?? m.createDate)),
          );
        },
        GetPolicyVersion: (p) => {
          const m = policy(p);
          if (!m) return noPolicy(p);
          const v = m.versions.find((x) => x.versionId === p.get('VersionId'));
          if (!v) return new QueryError(404, 'NoSuchEntity', `Policy ${m.arn} version ${p.get('VersionId') ?? ''} does not exist or is not attachable.`);
          return el(
            'PolicyVersion',
            el('Document', encodePolicy(v.document)),
            el('VersionId', v.versionId),
            el('IsDefaultVersion', v.versionId === m.defaultVersionId),
            el('CreateDate', iso(v.createDate)),
          );
        },
      },
    },
    ids,
  );

  return [sts, iam];
}
