// inferguard/azure: what a Pulumi program needs to provision Azure Machine Learning inference securely.
export * from './component/index';
