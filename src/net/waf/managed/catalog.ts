// The AWS managed rule groups kumo runs ("AWS Managed Rules rule groups list": names, WCU capacities, label
// namespaces, rule names). The rules' statements are kumo's own approximations of each rule's documented intent.
import type { Statement, TextTransformation } from '../../../generated/wafv2/api.js';

export interface ManagedRule {
  Name: string;
  /** A WAF statement the evaluator runs, or `ipList`: the rule matches clients in that KUMO_WAF_IP_LISTS list. */
  Statement?: Statement;
  ipList?: string;
}

export interface ManagedGroup {
  Name: string;
  Description: string;
  Capacity: number;
  VersionName: string;
  /** `awswaf:managed:aws:<group>:`; a matching rule adds `<namespace><label>`. */
  LabelNamespace: string;
  rules: (ManagedRule & { label: string })[];
}

const URL_HTML: TextTransformation[] = [
  { Priority: 0, Type: 'URL_DECODE' },
  { Priority: 1, Type: 'HTML_ENTITY_DECODE' },
];
const URL_ONLY: TextTransformation[] = [{ Priority: 0, Type: 'URL_DECODE_UNI' }];

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

function regexIn(field: Statement['RegexMatchStatement'] extends infer R ? (R extends { FieldToMatch: infer F } ? F : never) : never, re: string, t: TextTransformation[] = URL_ONLY): Statement {
  return { RegexMatchStatement: { RegexString: re, FieldToMatch: field, TextTransformations: t } };
}

const QUERY_ARGS = { AllQueryArguments: {} };
const URI = { UriPath: {} };
const BODY = { Body: { OversizeHandling: 'CONTINUE' as const } };
const COOKIES = { Cookies: { MatchPattern: { All: {} }, MatchScope: 'ALL' as const, OversizeHandling: 'CONTINUE' as const } };
const HEADERS = { Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL' as const, OversizeHandling: 'CONTINUE' as const } };

const LFI = '(?:^|[\\\\/])\\.\\.(?:[\\\\/]|$)';
const RFI = '(?i)^\\s*(?:https?|ftp|php|data|file|expect|glob|phar|zip)://(?:\\d{1,3}\\.){3}\\d{1,3}|(?i)^\\s*(?:php|data|expect|phar|zip|glob)://';
const SSRF = '169\\.254\\.169\\.254|(?i)fd00:ec2::254|(?i)metadata\\.google\\.internal';
const RESTRICTED_EXT = '(?i)\\.(?:log|ini|conf|cfg|bak|backup|old|swp|sql|db|sqlite|env|htaccess|htpasswd|git|svn|config)(?:$|[?#/])';
const BAD_BOTS = '(?i)nessus|nmap|nikto|sqlmap|masscan|zgrab|wpscan|dirbuster|acunetix|w3af|netsparker|havij';
const JAVA_DESER = '(?i)rO0AB|aced0005|java\\.lang\\.(?:Runtime|ProcessBuilder)|\\(java\\.lang\\.';
const LOG4J = '(?i)\\$\\{(?:[^}]*\\$\\{)*[^}]*(?:j|%6a)(?:n|%6e)(?:d|%64)(?:i|%69)';
const EXPLOITABLE = '(?i)(?:/|^)(?:\\.git/|\\.svn/|WEB-INF/|META-INF/|actuator/|cgi-bin/.*\\.(?:sh|pl)|phpunit/.*eval-stdin|solr/admin|jmx-console|web-console|invoker/)';
const ADMIN_PATHS = '(?i)^/(?:admin|administrator|wp-admin|phpmyadmin|sqlmanager|manager/html|admin\\.php|adminer|cpanel|webadmin|console)(?:/|$|\\.|\\?)';

const core: ManagedGroup = {
  Name: 'AWSManagedRulesCommonRuleSet',
  Description: 'Contains rules that are generally applicable to web applications. This provides protection against exploitation of a wide range of vulnerabilities, including those described in OWASP publications.',
  Capacity: 700,
  VersionName: 'Version_1.12',
  LabelNamespace: 'awswaf:managed:aws:core-rule-set:',
  rules: [
    { Name: 'NoUserAgent_HEADER', label: 'NoUserAgent_Header', Statement: { NotStatement: { Statement: { SizeConstraintStatement: { FieldToMatch: { SingleHeader: { Name: 'user-agent' } }, ComparisonOperator: 'GT', Size: 0, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } } } },
    { Name: 'UserAgent_BadBots_HEADER', label: 'BadBots_Header', Statement: regexIn({ SingleHeader: { Name: 'user-agent' } }, BAD_BOTS, [{ Priority: 0, Type: 'NONE' }]) },
    { Name: 'SizeRestrictions_QUERYSTRING', label: 'SizeRestrictions_QueryString', Statement: { SizeConstraintStatement: { FieldToMatch: { QueryString: {} }, ComparisonOperator: 'GT', Size: 2048, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'SizeRestrictions_Cookie_HEADER', label: 'SizeRestrictions_Cookie_Header', Statement: { SizeConstraintStatement: { FieldToMatch: { SingleHeader: { Name: 'cookie' } }, ComparisonOperator: 'GT', Size: 10240, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'SizeRestrictions_BODY', label: 'SizeRestrictions_Body', Statement: { SizeConstraintStatement: { FieldToMatch: { Body: { OversizeHandling: 'MATCH' } }, ComparisonOperator: 'GT', Size: 8192, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'SizeRestrictions_URIPATH', label: 'SizeRestrictions_URIPath', Statement: { SizeConstraintStatement: { FieldToMatch: URI, ComparisonOperator: 'GT', Size: 1024, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'EC2MetaDataSSRF_BODY', label: 'EC2MetaDataSSRF_Body', Statement: regexIn(BODY, SSRF) },
    { Name: 'EC2MetaDataSSRF_COOKIE', label: 'EC2MetaDataSSRF_Cookie', Statement: regexIn(COOKIES, SSRF) },
    { Name: 'EC2MetaDataSSRF_URIPATH', label: 'EC2MetaDataSSRF_URIPath', Statement: regexIn(URI, SSRF) },
    { Name: 'EC2MetaDataSSRF_QUERYARGUMENTS', label: 'EC2MetaDataSSRF_QueryArguments', Statement: regexIn(QUERY_ARGS, SSRF) },
    { Name: 'GenericLFI_QUERYARGUMENTS', label: 'GenericLFI_QueryArguments', Statement: regexIn(QUERY_ARGS, LFI) },
    { Name: 'GenericLFI_URIPATH', label: 'GenericLFI_URIPath', Statement: regexIn(URI, LFI) },
    { Name: 'GenericLFI_BODY', label: 'GenericLFI_Body', Statement: regexIn(BODY, LFI) },
    { Name: 'RestrictedExtensions_URIPATH', label: 'RestrictedExtensions_URIPath', Statement: regexIn(URI, RESTRICTED_EXT) },
    { Name: 'RestrictedExtensions_QUERYARGUMENTS', label: 'RestrictedExtensions_QueryArguments', Statement: regexIn(QUERY_ARGS, RESTRICTED_EXT) },
    { Name: 'GenericRFI_QUERYARGUMENTS', label: 'GenericRFI_QueryArguments', Statement: regexIn(QUERY_ARGS, RFI) },
    { Name: 'GenericRFI_BODY', label: 'GenericRFI_Body', Statement: regexIn(BODY, RFI) },
    { Name: 'GenericRFI_URIPATH', label: 'GenericRFI_URIPath', Statement: regexIn(URI, RFI) },
    { Name: 'CrossSiteScripting_COOKIE', label: 'CrossSiteScripting_Cookie', Statement: { XssMatchStatement: { FieldToMatch: COOKIES, TextTransformations: URL_HTML } } },
    { Name: 'CrossSiteScripting_QUERYARGUMENTS', label: 'CrossSiteScripting_QueryArguments', Statement: { XssMatchStatement: { FieldToMatch: QUERY_ARGS, TextTransformations: URL_HTML } } },
    { Name: 'CrossSiteScripting_BODY', label: 'CrossSiteScripting_Body', Statement: { XssMatchStatement: { FieldToMatch: BODY, TextTransformations: URL_HTML } } },
    { Name: 'CrossSiteScripting_URIPATH', label: 'CrossSiteScripting_URIPath', Statement: { XssMatchStatement: { FieldToMatch: URI, TextTransformations: URL_HTML } } },
  ],
};

const sqli: ManagedGroup = {
  Name: 'AWSManagedRulesSQLiRuleSet',
  Description: 'Contains rules that allow you to block request patterns associated with exploitation of SQL databases, like SQL injection attacks.',
  Capacity: 200,
  VersionName: 'Version_1.3',
  LabelNamespace: 'awswaf:managed:aws:sql-database:',
  rules: [
    { Name: 'SQLiExtendedPatterns_QUERYARGUMENTS', label: 'SQLiExtendedPatterns_QueryArguments', Statement: { SqliMatchStatement: { FieldToMatch: QUERY_ARGS, TextTransformations: URL_HTML, SensitivityLevel: 'HIGH' } } },
    { Name: 'SQLi_QUERYARGUMENTS', label: 'SQLi_QueryArguments', Statement: { SqliMatchStatement: { FieldToMatch: QUERY_ARGS, TextTransformations: URL_HTML, SensitivityLevel: 'LOW' } } },
    { Name: 'SQLiExtendedPatterns_BODY', label: 'SQLiExtendedPatterns_Body', Statement: { SqliMatchStatement: { FieldToMatch: BODY, TextTransformations: URL_HTML, SensitivityLevel: 'HIGH' } } },
    { Name: 'SQLi_BODY', label: 'SQLi_Body', Statement: { SqliMatchStatement: { FieldToMatch: BODY, TextTransformations: URL_HTML, SensitivityLevel: 'LOW' } } },
    { Name: 'SQLi_COOKIE', label: 'SQLi_Cookie', Statement: { SqliMatchStatement: { FieldToMatch: COOKIES, TextTransformations: URL_HTML, SensitivityLevel: 'LOW' } } },
    { Name: 'SQLi_URIPATH', label: 'SQLi_URIPath', Statement: { SqliMatchStatement: { FieldToMatch: URI, TextTransformations: URL_HTML, SensitivityLevel: 'LOW' } } },
  ],
};

const knownBad: ManagedGroup = {
  Name: 'AWSManagedRulesKnownBadInputsRuleSet',
  Description: 'Contains rules that allow you to block request patterns that are known to be invalid and are associated with exploitation or discovery of vulnerabilities.',
  Capacity: 200,
  VersionName: 'Version_1.22',
  LabelNamespace: 'awswaf:managed:aws:known-bad-inputs:',
  rules: [
    { Name: 'JavaDeserializationRCE_HEADER', label: 'JavaDeserializationRCE_Header', Statement: regexIn(HEADERS, JAVA_DESER) },
    { Name: 'JavaDeserializationRCE_BODY', label: 'JavaDeserializationRCE_Body', Statement: regexIn(BODY, JAVA_DESER) },
    { Name: 'JavaDeserializationRCE_URIPATH', label: 'JavaDeserializationRCE_URIPath', Statement: regexIn(URI, JAVA_DESER) },
    { Name: 'JavaDeserializationRCE_QUERYSTRING', label: 'JavaDeserializationRCE_QueryString', Statement: regexIn({ QueryString: {} }, JAVA_DESER) },
    { Name: 'Host_localhost_HEADER', label: 'Host_Localhost_Header', Statement: regexIn({ SingleHeader: { Name: 'host' } }, '(?i)^\\s*(?:localhost|127\\.0\\.0\\.1|\\[::1\\])(?::\\d+)?\\s*$', [{ Priority: 0, Type: 'NONE' }]) },
    { Name: 'PROPFIND_METHOD', label: 'Propfind_Method', Statement: { ByteMatchStatement: { SearchString: bytes('PROPFIND'), FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } } },
    { Name: 'ExploitablePaths_URIPATH', label: 'ExploitablePaths_URIPath', Statement: regexIn(URI, EXPLOITABLE) },
    { Name: 'Log4JRCE_HEADER', label: 'Log4JRCE_Header', Statement: regexIn(HEADERS, LOG4J) },
    { Name: 'Log4JRCE_QUERYSTRING', label: 'Log4JRCE_QueryString', Statement: regexIn({ QueryString: {} }, LOG4J) },
    { Name: 'Log4JRCE_BODY', label: 'Log4JRCE_Body', Statement: regexIn(BODY, LOG4J) },
    { Name: 'Log4JRCE_URIPATH', label: 'Log4JRCE_URIPath', Statement: regexIn(URI, LOG4J) },
  ],
};

const admin: ManagedGroup = {
  Name: 'AWSManagedRulesAdminProtectionRuleSet',
  Description: 'Contains rules that allow you to block external access to exposed admin pages.',
  Capacity: 100,
  VersionName: 'Version_1.0',
  LabelNamespace: 'awswaf:managed:aws:admin-protection:',
  rules: [{ Name: 'AdminProtection_URIPATH', label: 'AdminProtection_URIPath', Statement: regexIn(URI, ADMIN_PATHS) }],
};

const reputation: ManagedGroup = {
  Name: 'AWSManagedRulesAmazonIpReputationList',
  Description: 'This group contains rules that are based on Amazon threat intelligence. This is useful if you would like to block sources associated with bots or other threats.',
  Capacity: 25,
  VersionName: 'Version_1.0',
  LabelNamespace: 'awswaf:managed:aws:amazon-ip-list:',
  rules: [
    { Name: 'AWSManagedIPReputationList', label: 'AWSManagedIPReputationList', ipList: 'AWSManagedIPReputationList' },
    { Name: 'AWSManagedReconnaissanceList', label: 'AWSManagedReconnaissanceList', ipList: 'AWSManagedReconnaissanceList' },
    { Name: 'AWSManagedIPDDoSList', label: 'AWSManagedIPDDoSList', ipList: 'AWSManagedIPDDoSList' },
  ],
};

const anonymous: ManagedGroup = {
  Name: 'AWSManagedRulesAnonymousIpList',
  Description: 'Contains rules that allow you to block requests from services that allow obfuscation of viewer identity. This can include request originating from VPN, proxies, Tor nodes, and hosting providers.',
  Capacity: 50,
  VersionName: 'Version_1.0',
  LabelNamespace: 'awswaf:managed:aws:anonymous-ip-list:',
  rules: [
    { Name: 'AnonymousIPList', label: 'AnonymousIPList', ipList: 'AnonymousIPList' },
    { Name: 'HostingProviderIPList', label: 'HostingProviderIPList', ipList: 'HostingProviderIPList' },
  ],
};

export const MANAGED_GROUPS: readonly ManagedGroup[] = [core, sqli, knownBad, admin, reputation, anonymous];

export function managedGroup(vendor: string, name: string): ManagedGroup | undefined {
  return vendor === 'AWS' ? MANAGED_GROUPS.find((g) => g.Name === name) : undefined;
}

/** AWS managed groups kumo lists but does not run (Bot Control, ATP, ACFP, …): NotImplemented when used. */
export const UNRUN_AWS_GROUPS = [
  'AWSManagedRulesBotControlRuleSet', 'AWSManagedRulesATPRuleSet', 'AWSManagedRulesACFPRuleSet', 'AWSManagedRulesAntiDDoSRuleSet',
  'AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesUnixRuleSet', 'AWSManagedRulesWindowsRuleSet', 'AWSManagedRulesPHPRuleSet',
  'AWSManagedRulesWordPressRuleSet',
];
