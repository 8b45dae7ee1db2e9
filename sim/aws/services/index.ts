// Every service the simulator serves, by SigV4 signing name.
import { ec2Service } from './ec2';
import { ecrService } from './ecr';
import { iamService } from './iam';
import { kmsService } from './kms';
import { organizationsService } from './organizations';
import { s3Service } from './s3';
import { sagemakerService } from './sagemaker';
import type { SimService } from './service';
import { stsService } from './sts';

export const services: ReadonlyMap<string, SimService> = new Map(
  [sagemakerService, kmsService, iamService, ec2Service, s3Service, ecrService, stsService, organizationsService].map((service) => [service.signingName, service]),
);
