"""Deploys a synthesized CloudFormation template into moto with boto3's CloudFormation client.

Usage: python3 deploy_template_moto.py ENDPOINT_URL TEMPLATE_FILE STACK_NAME

The deploy tool is boto3 + moto, not inferguard: what the live audit later reads is what an
independent CloudFormation implementation made of the template. moto 5.2.1's CloudFormation has
gaps; this script works around them in two named, listed ways and never changes a security setting:

  adaptations  template edits without which moto cannot create the stack at all (moto bugs);
  completions  template properties moto's CloudFormation silently drops although moto's service API
               stores them: applied after create_stack through that API, with the values moto itself
               resolved (each property is echoed through a stack Output as Fn::ToJsonString).

Prints one JSON object: stackStatus, seconds, resources (logical id -> type, physical id),
notDeployed (resource types moto's CloudFormation does not implement), adaptations, completions.
Exits 1 (reasons on stderr) when the stack does not reach CREATE_COMPLETE.
"""
import json
import sys
import time

import boto3

ENDPOINT, TEMPLATE_FILE, STACK_NAME = sys.argv[1:4]
REGION = "us-east-1"
KW = dict(endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
# The CDK's default synthesizer reads the bootstrap version from this SSM parameter (template Parameter
# BootstrapVersion) and its CheckBootstrapVersion rule wants 6 or later.
BOOTSTRAP_PARAMETER = "/cdk-bootstrap/hnb659fds/version"
RESOLVED_OUTPUT_PREFIX = "MotoResolved"

cloudformation = boto3.client("cloudformation", **KW)
ssm = boto3.client("ssm", **KW)
s3 = boto3.client("s3", **KW)
ecr = boto3.client("ecr", **KW)


# --- adaptations: without these moto 5.2.1 cannot create the stack --------------------------------

def lowercase_repository_name(logical_id, resource):
    props = resource.setdefault("Properties", {})
    if "RepositoryName" in props:
        return None
    # moto names an unnamed repository STACK-LogicalId-SUFFIX (mixed case) and then rejects that name
    # in its own ECR; CloudFormation generates lower-case names.
    props["RepositoryName"] = f"{STACK_NAME}-{logical_id}".lower()
    return ("RepositoryName", "moto generates a mixed-case repository name that its ECR rejects; set the lower-case name CloudFormation would generate")


def flow_log_bucket_arn(_logical_id, resource):
    props = resource.get("Properties", {})
    destination = props.get("LogDestination")
    if props.get("LogDestinationType") != "s3":
        return None
    if isinstance(destination, str) and destination.count("/") >= 1 and destination.startswith("arn:"):
        # A bucket of another stack, named literally: arn:aws:s3:::bucket/prefix/
        bucket_arn, prefix = destination.split("/", 1)
        props["LogDestination"] = bucket_arn
        return ("LogDestination", f"moto cannot find an S3 destination with a key prefix ({prefix + '/'!r}); the prefix is dropped")
    if not isinstance(destination, dict) or "Fn::Join" not in destination:
        return None
    separator, parts = destination["Fn::Join"]
    if separator == "" and isinstance(parts[-1], str) and ":s3:::" in parts[-1] and "/" in parts[-1]:
        # A bucket of another stack, named literally after the partition: [arn:, partition, :s3:::bucket/prefix/]
        bucket, prefix = parts[-1].split("/", 1)
        props["LogDestination"] = {"Fn::Join": ["", [*parts[:-1], bucket]]}
        return ("LogDestination", f"moto cannot find an S3 destination with a key prefix ({prefix!r}); the prefix is dropped")
    if separator == "" and len(parts) > 2 and isinstance(parts[-1], str) and parts[-1].startswith("/"):
        # A bucket named by a reference (e.g. a parameter read from SSM at deploy time): [arn:, partition, :s3:::, bucket, /prefix/]
        props["LogDestination"] = {"Fn::Join": ["", parts[:-1]]}
        return ("LogDestination", f"moto cannot find an S3 destination with a key prefix ({parts[-1][1:]!r}); the prefix is dropped")
    if separator != "" or len(parts) != 2 or not isinstance(parts[1], str):
        return None
    # moto looks the bucket up by everything after the ARN's fifth colon, key prefix included, fails to
    # find "bucket/prefix/" and crashes (IndexError). No control reads flow logs.
    props["LogDestination"] = parts[0]
    return ("LogDestination", f"moto cannot find an S3 destination with a key prefix ({parts[1]!r}); the prefix is dropped")


def key_policy_as_string(_logical_id, resource):
    props = resource.get("Properties", {})
    if not isinstance(props.get("KeyPolicy"), dict) or "Fn::ToJsonString" in props["KeyPolicy"]:
        return None
    # moto stores an object KeyPolicy as a dict and DescribeKey then fails with HTTP 500 (json.loads of a
    # dict); the same document as a JSON string (resolved by moto) is stored and read back correctly.
    props["KeyPolicy"] = {"Fn::ToJsonString": props["KeyPolicy"]}
    return ("KeyPolicy", "moto's DescribeKey fails (HTTP 500) on a key policy given as an object; passed as the same document in a JSON string")


ADAPTATIONS = {
    "AWS::ECR::Repository": lowercase_repository_name,
    "AWS::EC2::FlowLog": flow_log_bucket_arn,
    "AWS::KMS::Key": key_policy_as_string,
}


# --- completions: properties moto's CloudFormation drops, applied through moto's service API -------

def bucket_public_access_block(name, value):
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=value)
    return "s3:PutPublicAccessBlock"


def bucket_versioning(name, value):
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": value["Status"]})
    return "s3:PutBucketVersioning"


def bucket_logging(name, value):
    enabled = {"TargetBucket": value.get("DestinationBucketName", name), "TargetPrefix": value.get("LogFilePrefix", "")}
    s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={"LoggingEnabled": enabled})
    return "s3:PutBucketLogging"


def bucket_ownership_controls(name, value):
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=value)
    return "s3:PutBucketOwnershipControls"


def bucket_policy_document(_physical_id, value, props):
    s3.put_bucket_policy(Bucket=props["Bucket"], Policy=json.dumps(value))
    return "s3:PutBucketPolicy"


def repository_scan_on_push(name, value):
    # moto's CloudFormation stores {"ScanOnPush": ...} as given, and its API then answers it under that
    # key: imageScanningConfiguration.scanOnPush is missing.
    ecr.put_image_scanning_configuration(repositoryName=name, imageScanningConfiguration={"scanOnPush": bool(value["ScanOnPush"])})
    return "ecr:PutImageScanningConfiguration"


# (resource type, property) -> how to apply it. Properties no control reads (LifecycleConfiguration,
# application auto scaling, monitoring job definitions) are left out.
COMPLETIONS = {
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration"): bucket_public_access_block,
    ("AWS::S3::Bucket", "VersioningConfiguration"): bucket_versioning,
    ("AWS::S3::Bucket", "LoggingConfiguration"): bucket_logging,
    ("AWS::S3::Bucket", "OwnershipControls"): bucket_ownership_controls,
    ("AWS::ECR::Repository", "ImageScanningConfiguration"): repository_scan_on_push,
}
# A resource type moto's CloudFormation does not implement at all, whose whole effect is one API call.
COMPLETED_TYPES = {
    ("AWS::S3::BucketPolicy", "PolicyDocument"): bucket_policy_document,
}


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def main():
    started = time.monotonic()
    ssm.put_parameter(Name=BOOTSTRAP_PARAMETER, Value="30", Type="String", Overwrite=True)

    with open(TEMPLATE_FILE) as f:
        template = json.load(f)
    resources = template["Resources"]

    adaptations = []
    for logical_id, resource in resources.items():
        adapt = ADAPTATIONS.get(resource["Type"])
        change = adapt(logical_id, resource) if adapt else None
        if change:
            adaptations.append({"logicalId": logical_id, "type": resource["Type"], "property": change[0], "why": change[1]})

    # Every property to complete is echoed, resolved by moto, through an Output.
    to_complete = {}
    for logical_id, resource in resources.items():
        props = resource.get("Properties", {})
        wanted = [p for (t, p) in {**COMPLETIONS, **COMPLETED_TYPES} if t == resource["Type"] and p in props]
        if wanted:
            to_complete[logical_id] = wanted
            template.setdefault("Outputs", {})[f"{RESOLVED_OUTPUT_PREFIX}{logical_id}"] = {"Value": {"Fn::ToJsonString": props}}

    cloudformation.create_stack(
        StackName=STACK_NAME,
        TemplateBody=json.dumps(template),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    deadline = time.monotonic() + 120
    while True:
        stack = cloudformation.describe_stacks(StackName=STACK_NAME)["Stacks"][0]
        if not stack["StackStatus"].endswith("_IN_PROGRESS"):
            break
        if time.monotonic() > deadline:
            fail(f"stack {STACK_NAME} still {stack['StackStatus']} after 120 s")
        time.sleep(0.5)
    if stack["StackStatus"] != "CREATE_COMPLETE":
        events = cloudformation.describe_stack_events(StackName=STACK_NAME)["StackEvents"]
        reasons = [f"{e.get('LogicalResourceId')} {e['ResourceStatus']}: {e.get('ResourceStatusReason')}" for e in events if "FAILED" in e["ResourceStatus"]]
        fail(f"stack {STACK_NAME} ended {stack['StackStatus']}: {stack.get('StackStatusReason')}\n" + "\n".join(reasons))

    deployed = {}
    for r in cloudformation.describe_stack_resources(StackName=STACK_NAME)["StackResources"]:
        # moto lists a resource type it does not implement as an entry without logical or physical id.
        if r.get("LogicalResourceId"):
            deployed[r["LogicalResourceId"]] = {"type": r["ResourceType"], "physicalId": r.get("PhysicalResourceId")}
    not_deployed = [{"logicalId": lid, "type": r["Type"]} for lid, r in resources.items() if lid not in deployed]

    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    completions = []
    # Bucket policies first: moto, like S3, refuses access logging into a bucket whose policy does not
    # yet let the logging service write (CloudFormation gets the order from DependsOn).
    ordered = sorted(to_complete.items(), key=lambda item: resources[item[0]]["Type"] != "AWS::S3::BucketPolicy")
    for logical_id, properties in ordered:
        resource_type = resources[logical_id]["Type"]
        resolved = json.loads(outputs[f"{RESOLVED_OUTPUT_PREFIX}{logical_id}"])
        for prop in properties:
            if (resource_type, prop) in COMPLETED_TYPES:
                call = COMPLETED_TYPES[(resource_type, prop)](None, resolved[prop], resolved)
            else:
                call = COMPLETIONS[(resource_type, prop)](deployed[logical_id]["physicalId"], resolved[prop])
            completions.append({"logicalId": logical_id, "type": resource_type, "property": prop, "call": call})

    print(json.dumps({
        "stackStatus": stack["StackStatus"],
        "seconds": round(time.monotonic() - started, 2),
        "resources": deployed,
        "notDeployed": not_deployed,
        "adaptations": adaptations,
        "completions": completions,
    }))


main()
