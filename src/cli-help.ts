// The text of `kumo help` and `kumo start --help`: every flag with its environment variable and default, and the
// variables that have no flag. Kept beside the README's configuration table, which says the same.

export const HELP = `usage: kumo <command>

commands:
  start        serve the AWS API on 127.0.0.1:4566 until SIGINT/SIGTERM (kumo start --help lists its flags)
  ec2 reach    print EC2's reachability verdict from a running kumo (kumo ec2 reach i-… i-… tcp/443)
  elb endpoints  list where a running kumo's load balancers listen (node, protocol, AWS port, bound address)
  ec2 exec     run a command in an instance's VPC namespace (kumo ec2 exec i-… -- curl http://10.0.1.15/)
  ec2 address  the host loopback address of an instance's public IP and ports, <port>:<host port> below 1024 (80:10080)
  mft serve    run one MFT node as its own process (kumo mft serve --node onprem --data-dir …)
  mft <utl…>   HULFT's commands against a node (utlsend, utlrecv, utllist, utlsdisp, utlrdisp, utlrcan, utliupdt,
               utligen, utlrjob, hulsndrc; also installed under those names)
  mft identity set or clear the IAM identity a node uses for s3:// files (kumo mft identity NODE --switch-role-arn …)
  version      print the version (also --version, -v)
  help         this text (also --help, -h); \`kumo help start\` for the flags of start
`;

export const START_HELP = `usage: kumo start [flags]

flags (each also an environment variable; the flag wins):
  --port N          KUMO_PORT          4566           TCP port of the AWS API (0 picks a free one)
  --host H          KUMO_HOST          127.0.0.1      address to listen on
  --data-dir D      KUMO_DATA_DIR      ./.kumo        where state lives (kumo.sqlite and blobs/)
  --in-memory       KUMO_IN_MEMORY     false          keep nothing on disk
  --services a,b    KUMO_SERVICES      all            serve only these services
  --account N       KUMO_ACCOUNT       000000000000   account of access keys that are not 12 digits
  --enforce-iam     KUMO_ENFORCE_IAM   false          verify SigV4 signatures
  --run-instances   KUMO_RUN_INSTANCES false          EC2 instances run their user data as local processes

environment only:
  KUMO_CLOCK_RATE                1       runtime clock speed (clock ms per wall ms)
  KUMO_LOW_PORT_OFFSET           10000   data-plane ports below 1024 listen at port + this (0 = the real port)
  KUMO_ELB_TIME_SCALE            1       ELB health-check intervals and deregistration delays × this (0.1 = faster)
  KUMO_AWS_DELAYS                false   AWS's deliberate waits (a deleted queue's name held 60 s, …)
  KUMO_DYNAMODB_EVENTUAL_LAG_MS  0       eventually consistent DynamoDB reads lag writes by this long
  KUMO_DEBUG                     -       comma list: requests (a line per request), pipeline (phase timings), all
  KUMO_IMDS_PORT                 10080   port of each running instance's metadata service (80 + offset; 0 = any)
  KUMO_VPC_DATA_PLANE            auto    auto: VPCs as Linux namespaces with --run-instances when available; loopback: never
  KUMO_EXPOSE_PUBLIC_IPS         on      with namespaces: each public IP's internet-open TCP ports on host loopback 127.b.c.d
`;
