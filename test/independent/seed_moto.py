"""Seeds an AWS-compatible endpoint (moto server) through boto3, independently of inferguard's simulator.

Usage: python3 seed_moto.py ENDPOINT_URL
Creates, in us-east-1 of moto's default account 123456789012:
  fraud-detector     compliant real-time endpoint
  legacy-recommender non-compliant real-time endpoint
  chat-serverless    serverless endpoint (no VPC, no isolation: the platform does not support them)
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
REGION = "us-east-1"
KW = dict(endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
ACCOUNT = "123456789012"
DIGEST = "sha256:" + "3f" * 32

kms = boto3.client("kms", **KW)
iam = boto3.client("iam", **KW)
s3 = boto3.client("s3", **KW)
ecr = boto3.client("ecr", **KW)
ec2 = boto3.client("ec2", **KW)
sm = boto3.client("sagemaker", **KW)

# Keys: one customer key with yearly rotation and an account-scoped policy; one without rotation.
key = kms.create_key(Description="inference")["KeyMetadata"]
kms.put_key_policy(
    KeyId=key["KeyId"],
    PolicyName="default",
    Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}],
    }),
)
kms.enable_key_rotation(KeyId=key["KeyId"])
stale_key = kms.create_key(Description="legacy")["KeyMetadata"]

# Roles: least privilege vs. full access.
trust = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})
good_role = iam.create_role(RoleName="fraud-detector-execution", AssumeRolePolicyDocument=trust)["Role"]
iam.put_role_policy(
    RoleName="fraud-detector-execution",
    PolicyName="model-access",
    PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::fraud-models/models/*"},
            {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": key["Arn"]},
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Resource": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/fraud-detector"},
            {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        ],
    }),
)
bad_role = iam.create_role(RoleName="legacy-execution", AssumeRolePolicyDocument=trust)["Role"]
iam.attach_role_policy(RoleName="legacy-execution", PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")

# Buckets: a private, TLS-only, KMS-encrypted, versioned, logged model store vs. a bare one.
s3.create_bucket(Bucket="fraud-access-logs")
s3.put_bucket_policy(
    Bucket="fraud-access-logs",
    Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                       "Resource": "arn:aws:s3:::fraud-access-logs/*"}],
    }),
)
s3.create_bucket(Bucket="fraud-models")
s3.put_public_access_block(
    Bucket="fraud-models",
    PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
)
s3.put_bucket_policy(
    Bucket="fraud-models",
    Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                       "Resource": ["arn:aws:s3:::fraud-models", "arn:aws:s3:::fraud-models/*"],
                       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
    }),
)
s3.put_bucket_encryption(
    Bucket="fraud-models",
    ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]}}]},
)
s3.put_bucket_versioning(Bucket="fraud-models", VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_logging(Bucket="fraud-models", BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "fraud-access-logs", "TargetPrefix": "fraud-models/"}})
s3.create_bucket(Bucket="legacy-models")

# Image repositories.
ecr.create_repository(repositoryName="fraud-detector", imageScanningConfiguration={"scanOnPush": True}, imageTagMutability="IMMUTABLE",
                      encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key["Arn"]})
ecr.create_repository(repositoryName="legacy-recommender")

# Network: a private VPC with SageMaker interface endpoints and a closed security group; an open one elsewhere.
vpc = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.10.{i}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"]
           for i, az in ((1, "a"), (2, "b"))]
clients_sg = ec2.create_security_group(GroupName="clients", Description="inference clients", VpcId=vpc)["GroupId"]
inference_sg = ec2.create_security_group(GroupName="inference", Description="inference", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(GroupId=inference_sg, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": clients_sg}]}])
for service in ("sagemaker.api", "sagemaker.runtime"):
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.{service}", VpcEndpointType="Interface",
                            SubnetIds=subnets, SecurityGroupIds=[inference_sg], PrivateDnsEnabled=True)

# Models, configs, endpoints.
sm.create_model(
    ModelName="fraud-detector",
    ExecutionRoleArn=good_role["Arn"],
    PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/fraud-detector@{DIGEST}",
                      "ModelDataUrl": "s3://fraud-models/models/fraud/model.tar.gz"},
    EnableNetworkIsolation=True,
    VpcConfig={"SecurityGroupIds": [inference_sg], "Subnets": subnets},
)
sm.create_endpoint_config(
    EndpointConfigName="fraud-detector",
    ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "fraud-detector", "InitialInstanceCount": 2, "InstanceType": "ml.m5.xlarge"}],
    KmsKeyId=key["Arn"],
    DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 10, "DestinationS3Uri": "s3://fraud-models/capture",
                       "KmsKeyId": key["Arn"], "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]},
)
sm.create_endpoint(EndpointName="fraud-detector", EndpointConfigName="fraud-detector")

sm.create_model(
    ModelName="legacy-recommender",
    ExecutionRoleArn=bad_role["Arn"],
    PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/legacy-recommender:latest",
                      "ModelDataUrl": "s3://legacy-models/recommender/model.tar.gz"},
)
sm.create_endpoint_config(
    EndpointConfigName="legacy-recommender",
    ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "legacy-recommender", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}],
)
sm.create_endpoint(EndpointName="legacy-recommender", EndpointConfigName="legacy-recommender")

sm.create_model(
    ModelName="chat-serverless",
    ExecutionRoleArn=good_role["Arn"],
    PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/fraud-detector@{DIGEST}",
                      "ModelDataUrl": "s3://fraud-models/models/chat/model.tar.gz"},
)
sm.create_endpoint_config(
    EndpointConfigName="chat-serverless",
    ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "chat-serverless", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}],
    KmsKeyId=key["Arn"],
)
sm.create_endpoint(EndpointName="chat-serverless", EndpointConfigName="chat-serverless")

print(json.dumps({"account": ACCOUNT, "region": REGION, "key": key["Arn"], "staleKey": stale_key["Arn"], "vpc": vpc,
                  "inferenceSecurityGroup": inference_sg}))
