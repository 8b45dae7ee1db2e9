// CloudFormation templates and CDK cloud assemblies -> the provider-neutral model.
export { templateToInventory, type TemplateEnvironment, type TemplateReadOptions } from './template-to-inventory';
export { parseParameterValues, readParameterValues } from './parameters-file';
export { readCloudFormation, stacksToInventory, readCloudAssembly, readStackTemplates, readTemplateFile, environmentFromManifest, stackNameFromFile, type StackTemplate } from './read-cloudformation';
export { parseTemplateText, TemplateParseError } from './parse-template';
export { TemplateError } from './template-context';
