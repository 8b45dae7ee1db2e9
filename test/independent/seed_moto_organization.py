"""Seeds an AWS-compatible endpoint (moto server) with an AWS Organization through boto3, independently of
inferguard's simulator.

Usage: python3 seed_moto_organization.py ENDPOINT_URL AUDITOR_POLICY_JSON
As moto's default account 123456789012 (the management account) it creates an organization:
  root
  |- sandbox              endpoint "scoring": customer key, 2 instances
  `- ou ml
     |- dev               endpoint "scoring": no customer key, 1 instance
     |- locked            endpoint "scoring" (the test denies its AssumeRole)
     |- closed            endpoint "scoring", then the account is closed (SUSPENDED)
     `- ou prod
        `- prod           endpoints "scoring" (customer key, 2 instances) and "batch" (no key, 1 instance)
Every member gets the read-only role InferguardAuditor (auditor-policy.json, trusting the management account),
created through credentials assumed into the member, as an administrator would. Prints the ids as JSON.
"""
import json
import sys

import boto3

ENDPOINT = sys.argv[1]
AUDITOR_POLICY = open(sys.argv[2]).read()
REGION = "us-east-1"
MANAGEMENT = "123456789012"
KW = dict(endpoint_url=ENDPOINT, region_name=REGION)
MANAGEMENT_KEYS = dict(aws_access_key_id="test", aws_secret_access_key="test")
DIGEST = "sha256:" + "5e" * 32

org = boto3.client("organizations", **KW, **MANAGEMENT_KEYS)
sts = boto3.client("sts", **KW, **MANAGEMENT_KEYS)
organization = org.create_organization(FeatureSet="ALL")["Organization"]
root = org.list_roots()["Roots"][0]["Id"]
ml = org.create_organizational_unit(ParentId=root, Name="ml")["OrganizationalUnit"]["Id"]
prod_ou = org.create_organizational_unit(ParentId=ml, Name="prod")["OrganizationalUnit"]["Id"]


def member(name, parent):
    account = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]["AccountId"]
    if parent != root:
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=parent)
    return account


def admin_session(account):
    keys = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="seed")["Credentials"]
    return boto3.session.Session(aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
                                 aws_session_token=keys["SessionToken"], region_name=REGION)


def endpoint(session, account, name, customer_key, instances):
    iam = session.client("iam", endpoint_url=ENDPOINT)
    sm = session.client("sagemaker", endpoint_url=ENDPOINT)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName=f"{name}-execution", AssumeRolePolicyDocument=trust)["Role"]
    iam.put_role_policy(RoleName=f"{name}-execution", PolicyName="model", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::models-{account}/{name}/*"}]}))
    sm.create_model(ModelName=name, ExecutionRoleArn=role["Arn"],
                    PrimaryContainer={"Image": f"{account}.dkr.ecr.{REGION}.amazonaws.com/{name}@{DIGEST}",
                                      "ModelDataUrl": f"s3://models-{account}/{name}/model.tar.gz"})
    config = {"EndpointConfigName": name,
              "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": instances, "InstanceType": "ml.m5.large"}]}
    if customer_key:
        config["KmsKeyId"] = session.client("kms", endpoint_url=ENDPOINT).create_key(Description=f"{name} storage")["KeyMetadata"]["Arn"]
    sm.create_endpoint_config(**config)
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name)


def auditor_role(session):
    iam = session.client("iam", endpoint_url=ENDPOINT)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}, "Action": "sts:AssumeRole"}]})
    iam.create_role(RoleName="InferguardAuditor", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="InferguardAuditor", PolicyName="inferguard-audit", PolicyDocument=AUDITOR_POLICY)


accounts = {name: member(name, parent) for name, parent in
            (("sandbox", root), ("dev", ml), ("locked", ml), ("closed", ml), ("prod", prod_ou))}
layout = {
    "sandbox": [("scoring", True, 2)],
    "dev": [("scoring", False, 1)],
    "locked": [("scoring", True, 2)],
    "closed": [("scoring", False, 1)],
    "prod": [("scoring", True, 2), ("batch", False, 1)],
}
for name, endpoints in layout.items():
    session = admin_session(accounts[name])
    auditor_role(session)
    for endpoint_name, customer_key, instances in endpoints:
        endpoint(session, accounts[name], endpoint_name, customer_key, instances)
org.close_account(AccountId=accounts["closed"])

print(json.dumps({"management": MANAGEMENT, "organization": organization["Id"], "root": root, "ml": ml, "prodOu": prod_ou,
                  "accounts": accounts}))
