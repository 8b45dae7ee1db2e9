import { z } from 'zod';
import { combine, defineControl, fail, pass, withFact, withList, type Judgement } from '../control';
import { describeStatement, publicAllowStatements } from '../iam';

export default defineControl({
  id: 'endpoint-caller-authentication',
  title: 'Endpoint callers authenticate with short-lived, identity-bound credentials',
  severity: 'medium',
  subject: 'endpoint',
  parameters: z.strictObject({
    requireProviderIdentity: z
      .boolean()
      .default(false)
      .describe('Accept only the provider\'s identity platform (Entra ID, Google IAM, AWS IAM), not short-lived tokens the endpoint issues itself.'),
    publicPrincipals: z
      .array(z.string().min(1))
      .optional()
      .describe('Principals that stand for everyone in the endpoint\'s invoke policy (the neutral `*`, and the provider\'s own names for all users).'),
  }),
  rationale:
    'A long-lived shared key does not expire, cannot be tied to a caller and leaks with every copy of a configuration file; an invoke policy open to everyone needs no credential at all. Tokens issued to an identity expire, name their caller and are revoked with the identity.',
  frameworks: { nist80053r5: ['IA-5', 'AC-3'], mitreAtlas: ['AML.M0019'] },
  perProvider: {
    azure: {
      remediation: {
        iac: 'SecureAzureMlEndpoint: leave `authMode` at its default (AADToken); Pulumi: machinelearningservices.OnlineEndpoint.properties.authMode `AADToken` (or `AMLToken`; never `Key`).',
        live: 'The auth mode cannot be changed on an endpoint: create a new one with `auth_mode: aad_token` (`az ml online-endpoint create`), redeploy, move the traffic, delete the old one.',
      },
      defaults: { publicPrincipals: ['*'] },
      equivalents: [],
    },
    gcp: {
      remediation: {
        iac: 'SecureVertexEndpoint: `invokers` names users, groups or service accounts only; Pulumi: vertex.AiEndpointIamMember without `allUsers` or `allAuthenticatedUsers`.',
        live: '`gcloud ai endpoints get-iam-policy <endpoint> --region <region>`, then `gcloud ai endpoints remove-iam-policy-binding <endpoint> --region <region> --member allUsers --role <role>`.',
      },
      defaults: { publicPrincipals: ['*', 'allUsers', 'allAuthenticatedUsers'] },
      equivalents: [],
    },
  },
  notApplicableTo: {
    aws: 'SageMaker Runtime accepts only requests signed with AWS credentials (SigV4, IAM): there is no other caller authentication to choose.',
  },
  evaluate: (endpoint, params) => {
    const mode = withFact(endpoint.callerAuthentication, 'caller authentication', (auth, ev): Judgement => {
      if (auth === 'static-key') return fail('callers authenticate with a long-lived shared key that never expires', ...ev);
      if (auth === 'short-lived-token') {
        return params.requireProviderIdentity
          ? fail('callers use short-lived tokens the endpoint issues, not the provider identity platform (requireProviderIdentity is set)', ...ev)
          : pass('callers use short-lived tokens that expire', ...ev);
      }
      return pass('callers authenticate with the provider identity platform', ...ev);
    });
    if (!endpoint.invokePolicy) return mode;
    const policy = withList(endpoint.invokePolicy, 'invoke policy', (statements, ev) => {
      const open = publicAllowStatements(statements, params.publicPrincipals);
      return open.length > 0 ? fail(`anyone may invoke the endpoint: ${open.map(describeStatement).join('; ')}`, ...ev) : pass('the invoke policy names no public principal', ...ev);
    });
    return combine([mode, policy]);
  },
});
